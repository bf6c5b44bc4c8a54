/**
 * A page of a kind's records as they stood at an instant. Their past states are JSON in the
 * version table, so every store filters, orders and pages them here, in memory, by the kind's
 * declaration: each store only reads the states (`statesAsOf`), in the order their versions were
 * written. A layer of a few hundred records at most; violations, which grow with the years, are
 * paged in each store's SQL (violation-past.ts).
 */
import { matchesRecordFilter } from '../domain/engine/record-filter.ts';
import type { KindFilter, KindRecord, RecordKind } from '../domain/engine/record-kind.ts';
import type { Page } from './store.ts';

/**
 * In the kind's order, as its live list: the sort is stable and the states come with the last
 * written first, so records of the same instant keep the order the live list gives them.
 */
export function pastPage<R extends KindRecord, F extends KindFilter>(
  kind: RecordKind<R, F>,
  states: readonly R[],
  filter: F,
): Page<R> {
  const order = kind.order;
  const deadlineOf =
    filter.sort === 'deadline' && kind.deadline ? kind.columns[kind.deadline] : undefined;
  // Each record's deadline worked out once, not at every comparison of the sort.
  const matching = [...states]
    .reverse()
    .filter((r) => matchesRecordFilter(kind, r, filter))
    .map((r) => ({ r, deadline: deadlineOf ? (deadlineOf(r) as string | null) : null }))
    .sort(
      (a, b) =>
        compareDeadlines(a.deadline, b.deadline) ||
        b.r.properties[order].localeCompare(a.r.properties[order]) ||
        b.r.properties.created_at.localeCompare(a.r.properties.created_at),
    );
  return {
    items: matching.slice(filter.offset, filter.offset + filter.limit).map(({ r }) => r),
    total: matching.length,
  };
}

/** The nearest first, records with no running clock last. */
function compareDeadlines(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a.localeCompare(b);
}

/**
 * A list's ORDER BY over its table `x`, as `pastPage` orders in memory: by the nearest running
 * clock when asked (none last), then the kind's order instant, newest first, then the newest
 * written first (`key`: the table's insertion key).
 */
export function orderBy<R extends KindRecord, F extends KindFilter>(
  kind: RecordKind<R, F>,
  filter: F,
  key: string,
): string {
  const newest = `x.${kind.order} DESC, x.${key} DESC`;
  if (filter.sort !== 'deadline' || !kind.deadline) return newest;
  return `x.${kind.deadline} IS NULL, x.${kind.deadline} ASC, ${newest}`;
}
