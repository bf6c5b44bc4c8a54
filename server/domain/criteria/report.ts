/** What GET /api/criteria/{ruleSet}/scorecard answers: the scores with the gaps of each standard. */
import type { Localized } from '../i18n.ts';
import type { GapStatus } from '../gaps/gap-statuses.ts';
import type { ClassScore, StandardScore } from './scorecard.ts';
import type { Scope } from './scope.ts';

/** A gap as the scorecard lists it under its standard. */
export interface GapSummary {
  id: string;
  title: string;
  status: GapStatus;
  scope: Scope;
}

export interface ScorecardReport {
  rule_set: {
    id: string;
    title: Localized;
    legal_basis: string;
    source: string;
    /** Whether the rule set was in force on `as_of`: a report about an earlier day needs another. */
    in_force: boolean;
  };
  scope: Scope;
  /** "Phường Bắc Kạn", or the urban area's name. */
  scope_name: Localized;
  /** The day the values are read at (YYYY-MM-DD): asOf, or today. */
  as_of: string;
  classes: (Omit<ClassScore, 'standards'> & {
    standards: (StandardScore & { gaps: GapSummary[] })[];
  })[];
}

/** GET /api/criteria: the rule sets, their standards and scales, as shipped. */
export type { RuleSet } from './rule-set.ts';
