/**
 * Legal deadlines of the enforcement steps as a rule table (DOMAIN.md §2, secondary sources).
 * A correction or a new law is a new entry with its own validFrom, never a code change: the rule
 * in force on the date of the step that starts the clock applies.
 */
import { ruleSetOn } from '../rules/dated-rules.ts';

/** A period counted from the date of a step. */
export type Period =
  | { unit: 'working_days'; amount: number }
  | { unit: 'days'; amount: number }
  | { unit: 'months'; amount: number };

export interface EnforcementRuleSet {
  validFrom: string;
  source: string;
  /** Penalty decision after the violation record (biên bản). */
  decisionAfterRecord: Period;
  /** The same when the violator explained in writing or the case is complex. */
  decisionAfterRecordComplex: Period;
  /** Compliance with the decision, counted from its receipt, unless the decision sets a date. */
  complianceAfterDecision: Period;
  /** The violator may explain in writing within this period of the record. */
  explanationAfterRecord: Period;
}

export const ENFORCEMENT_RULE_SETS: readonly EnforcementRuleSet[] = [
  {
    validFrom: '2013-07-01',
    source:
      'Luật Xử lý vi phạm hành chính 2012 (sửa đổi 2020), Điều 61, 66, 73 — secondary transcription; re-check against 2025 amendments',
    decisionAfterRecord: { unit: 'working_days', amount: 7 },
    decisionAfterRecordComplex: { unit: 'months', amount: 1 },
    complianceAfterDecision: { unit: 'days', amount: 10 },
    explanationAfterRecord: { unit: 'working_days', amount: 5 },
  },
];

/** The rule set in force on a date (YYYY-MM-DD); the oldest one before any validFrom. */
export function enforcementRulesOn(date: string): EnforcementRuleSet {
  return ruleSetOn(ENFORCEMENT_RULE_SETS, date);
}
