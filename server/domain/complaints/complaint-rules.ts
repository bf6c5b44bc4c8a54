/**
 * The clocks of a petition as dated rules (DOMAIN.md §6). A new law or a correction is a new
 * entry with its own validFrom, never a code change: the rules in force on the day a petition
 * was received apply to it.
 */
import { ruleSetOn } from '../rules/dated-rules.ts';
import type { Period } from '../violations/enforcement-deadlines.ts';

export interface ComplaintRuleSet {
  validFrom: string;
  source: string;
  /** Khiếu nại: accept (thụ lý) or say why not, from receipt. */
  complaintAccept: Period;
  /**
   * Khiếu nại: resolve from acceptance, by [first time, second time] × [plain, complex], and the
   * same in remote or difficult areas.
   */
  complaintResolve: { first: [Period, Period]; second: [Period, Period] };
  complaintResolveRemote: { first: [Period, Period]; second: [Period, Period] };
  /** Tố cáo: register, check and accept or not, from receipt. */
  denunciationAccept: Period;
  /** Tố cáo: resolve from acceptance; each extension adds `denunciationExtension`. */
  denunciationResolve: Period;
  denunciationExtension: Period;
  /** Extensions allowed: once, twice when particularly complex. */
  denunciationExtensions: { plain: number; complex: number };
  /** Kiến nghị, phản ánh: consider and answer, or forward, from receipt. */
  petitionAnswer: Period;
}

const days = (amount: number): Period => ({ unit: 'days', amount });

export const COMPLAINT_RULE_SETS: readonly ComplaintRuleSet[] = [
  {
    validFrom: '2019-01-01',
    source:
      'Luật Khiếu nại 2011, Điều 27, 28, 37; Luật Tố cáo 2018, Điều 24, 30 (tố cáo: 7 ngày làm việc secondary); Luật Tiếp công dân 2013 and rules on petitions (kiến nghị: 10 ngày secondary)',
    complaintAccept: days(10),
    complaintResolve: { first: [days(30), days(45)], second: [days(45), days(60)] },
    complaintResolveRemote: { first: [days(45), days(60)], second: [days(60), days(70)] },
    denunciationAccept: { unit: 'working_days', amount: 7 },
    denunciationResolve: days(30),
    denunciationExtension: days(30),
    denunciationExtensions: { plain: 1, complex: 2 },
    petitionAnswer: days(10),
  },
];

/** The rule set in force on a date (YYYY-MM-DD); the oldest one before any validFrom. */
export function complaintRulesOn(date: string): ComplaintRuleSet {
  return ruleSetOn(COMPLAINT_RULE_SETS, date);
}
