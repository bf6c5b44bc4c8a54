/** What a list of gaps can be narrowed by; the same meaning in every store. */
import type { KindFilter } from '../engine/record-kind.ts';
import type { GapStatus } from './gap-statuses.ts';

export interface GapFilter extends KindFilter {
  ruleSet?: string;
  standards?: string[];
  statuses?: GapStatus[];
  /** Gaps recorded for this scope ('urban' or a ward code). */
  scope?: string;
  /** Last changed at or after this instant (ISO, UTC): OGC API `datetime`. */
  updatedFrom?: string;
  /** Last changed at or before this instant. */
  updatedTo?: string;
}
