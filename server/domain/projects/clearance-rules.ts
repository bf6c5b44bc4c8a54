/**
 * Legal periods of land clearance as a rule table (DOMAIN.md §3, secondary sources). A correction
 * or a new law is a new rule set with its own validFrom, never a code change: the set in force on
 * the date that starts a clock applies to that clock.
 */
import { ruleSetOn } from '../rules/dated-rules.ts';
import type { LandType, ProjectStage } from './project-stages.ts';
import { addPeriod } from '../dates.ts';
import type { Localized } from '../i18n.ts';
import type { Period } from '../violations/enforcement-deadlines.ts';

export interface ClearanceRuleSet {
  validFrom: string;
  source: string;
  /** The recovery decision comes no sooner than this after the notice. */
  noticeBeforeRecovery: Record<LandType, Period>;
  /** The notice lapses unless the recovery decision comes within this. */
  noticeValidity: Period;
  /** The compensation plan stays posted publicly this long before approval. */
  planPosting: Period;
  /** Dialogue with those who disagree, counted from the end of the posting. */
  dialogue: Period;
  /** Payment after the approval takes effect. */
  payment: Period;
}

export const CLEARANCE_RULE_SETS: readonly ClearanceRuleSet[] = [
  {
    validFrom: '2024-08-01',
    source:
      'Luật Đất đai 2024, Điều 85, 87, 94; NĐ 88/2024/NĐ-CP; NĐ 102/2024/NĐ-CP; NQ 254/2025/QH15 — secondary transcription',
    noticeBeforeRecovery: {
      agricultural: { unit: 'days', amount: 60 },
      other: { unit: 'days', amount: 120 },
    },
    noticeValidity: { unit: 'months', amount: 12 },
    planPosting: { unit: 'days', amount: 10 },
    dialogue: { unit: 'days', amount: 30 },
    payment: { unit: 'days', amount: 30 },
  },
];

/** The rule set in force on a date (YYYY-MM-DD); the oldest one before any validFrom. */
export function clearanceRulesOn(date: string): ClearanceRuleSet {
  return ruleSetOn(CLEARANCE_RULE_SETS, date);
}

/** `by`: the stage must come on or before the date; `not_before`: not before it. */
export type DeadlineKind = 'by' | 'not_before';

export const DEADLINE_KEYS = [
  'recovery_not_before',
  'notice_validity',
  'plan_posting',
  'dialogue',
  'payment',
] as const;
export type DeadlineKey = (typeof DEADLINE_KEYS)[number];

export interface DeadlineDef {
  label: Localized;
  kind: DeadlineKind;
  /** The stage whose date starts the clock. */
  from: ProjectStage;
  /** The stage whose date keeps (or breaks) it. */
  until: ProjectStage;
  /** The date from the start date and the rules on it. */
  date: (start: string, rules: ClearanceRuleSet, land: LandType) => string;
}

// The recovery decision is issued with the approval of the plan (Luật Đất đai 2024, Điều 87), so
// the clocks on the decision are kept or broken by `plan_approved`.
export const DEADLINES: Record<DeadlineKey, DeadlineDef> = {
  recovery_not_before: {
    label: {
      vi: 'Quyết định thu hồi đất không sớm hơn',
      en: 'Recovery decision not before',
    },
    kind: 'not_before',
    from: 'announced',
    until: 'plan_approved',
    date: (start, rules, land) => addPeriod(start, rules.noticeBeforeRecovery[land]),
  },
  notice_validity: {
    label: { vi: 'Thông báo thu hồi đất hết hiệu lực', en: 'Recovery notice expires' },
    kind: 'by',
    from: 'announced',
    until: 'plan_approved',
    date: (start, rules) => addPeriod(start, rules.noticeValidity),
  },
  plan_posting: {
    label: { vi: 'Hết thời gian niêm yết phương án', en: 'Public posting of the plan ends' },
    kind: 'not_before',
    from: 'plan_posted',
    until: 'plan_approved',
    date: (start, rules) => addPeriod(start, rules.planPosting),
  },
  dialogue: {
    label: { vi: 'Hạn đối thoại với người không đồng ý', en: 'Dialogue with dissenters due' },
    kind: 'by',
    from: 'plan_posted',
    until: 'plan_approved',
    date: (start, rules) => addPeriod(addPeriod(start, rules.planPosting), rules.dialogue),
  },
  payment: {
    label: { vi: 'Hạn chi trả bồi thường', en: 'Compensation payment due' },
    kind: 'by',
    from: 'plan_approved',
    until: 'handed_over',
    date: (start, rules) => addPeriod(start, rules.payment),
  },
};
