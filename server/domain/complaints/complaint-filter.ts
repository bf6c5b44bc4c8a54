/** What a list of petitions can be narrowed by; the same meaning in every store. */
import type { KindFilter } from '../engine/record-kind.ts';
import type { ComplaintStatus } from './complaint-statuses.ts';
import type { ComplaintType } from './complaint-types.ts';

export interface ComplaintFilter extends KindFilter {
  types?: ComplaintType[];
  statuses?: ComplaintStatus[];
  /** Petitions about this violation or this clearance project (the link shown on both sides). */
  violation?: string;
  project?: string;
  /** Received on or after / on or before this day (YYYY-MM-DD). */
  receivedFrom?: string;
  receivedTo?: string;
  /** Only petitions with a clock missed on this local date (YYYY-MM-DD). */
  overdueOn?: string;
  /** Only petitions with no clock missed on this local date. */
  onTimeOn?: string;
}
