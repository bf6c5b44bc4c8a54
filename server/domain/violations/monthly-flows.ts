/**
 * What moved in a month: cases opened, cases closed and cases taken off the map, folded one record
 * at a time over the records as they stood at the month's end. This is the definition; a store
 * counts the same in its own query (ViolationRepository.flows), and
 * test/server/store/counts-as-of.test.ts pins the two to the same answers. (What stood at the
 * month's end, by ward, kind and status, is the ward statistics' count: ward-statistics.ts.)
 *
 * Every record counts here, archived or not. opened = created in the month. closed = its step
 * into a status of the `closed` kind (closed, or dismissed as no violation) was entered in the
 * month; no move leads out of a closed state (engine/workflow.ts), so that step is the record's
 * last. A case remedied or enforced but not yet closed is not closed: the office still has to
 * close it.
 */
import { violationWorkflow, type ViolationStatus } from './violation-statuses.ts';
import { statesOfKind } from '../engine/workflow.ts';
import type { Violation } from './violation.ts';

/** The month as instants in UTC (ISO strings): since inclusive, until exclusive. */
export interface FlowWindow {
  since: string;
  until: string;
}

export interface MonthFlows {
  opened: number;
  closed: number;
  /** Off the map (archived) at the month's end, whenever that happened. */
  archived: number;
}

export function emptyFlows(): MonthFlows {
  return { opened: 0, closed: 0, archived: 0 };
}

/** The statuses that close a case (closed, dismissed): a store counting in SQL asks for these. */
export const CLOSING_STATUSES: readonly ViolationStatus[] = statesOfKind(
  violationWorkflow,
  'closed',
);

const inWindow = (at: string, w: FlowWindow) => at >= w.since && at < w.until;

/** Adds one record, in its state at the month's end, to the flows (which it changes). */
export function addFlows(flows: MonthFlows, v: Violation, window: FlowWindow): MonthFlows {
  const p = v.properties;
  if (inWindow(p.created_at, window)) flows.opened++;
  const last = p.steps.at(-1);
  if (
    CLOSING_STATUSES.includes(p.status) &&
    last?.status === p.status &&
    inWindow(last.entered_at, window)
  ) {
    flows.closed++;
  }
  if (p.archived_at) flows.archived++;
  return flows;
}
