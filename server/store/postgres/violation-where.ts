/**
 * A violations filter as PostgreSQL: a WHERE over the `violations v` row, the GiST index for the
 * bbox and the tsvector for the text. The same meaning as `matchesFilter` (filter.ts).
 */
import { periodBounds, type ViolationFilter } from '../filter.ts';
import { bboxClause } from './bbox.ts';
import { postgisTypes } from './shape.ts';
import { searchTsQuery } from './search.ts';

/** Where the filtered fields are read: a record's row, or a past state's JSON (counts as of a date). */
export interface ViolationColumns {
  archived_at: string;
  kind: string;
  status: string;
  ward_code: string;
  observed_at: string;
  deadline: string;
  geom: string;
  /** The tsvector of the words; null where there is none, and a text filter is the caller's. */
  search: string | null;
}

export const ROW_COLUMNS: ViolationColumns = {
  archived_at: 'v.archived_at',
  kind: 'v.kind',
  status: 'v.status',
  ward_code: 'v.ward_code',
  observed_at: 'v.observed_at',
  deadline: 'v.deadline',
  geom: 'v.geom',
  search: 'v.search',
};

/**
 * The clauses of `filter` over `violations v` (or the columns given), their values added to
 * `params` (numbered after those already there); an empty string when nothing is filtered.
 */
export function whereClause(
  filter: ViolationFilter,
  params: unknown[],
  columns: ViolationColumns = ROW_COLUMNS,
): string {
  const param = (value: unknown) => `$${params.push(value)}`;
  const c = columns;
  const clauses: string[] = [];
  // IS NULL as `!= null` in JavaScript: a missing property counts as not archived, as null does.
  if (filter.archived === undefined) clauses.push(`${c.archived_at} IS NULL`);
  if (filter.archived === 'only') clauses.push(`${c.archived_at} IS NOT NULL`);
  // The shape itself: a polygon whose bbox alone touches the box is left out; an edge counts.
  if (filter.bbox) clauses.push(bboxClause(c.geom, filter.bbox, param));
  if (filter.shape) {
    clauses.push(`GeometryType(${c.geom}) = ANY(${param(postgisTypes(filter.shape))}::text[])`);
  }
  if (filter.kinds?.length) clauses.push(`${c.kind} = ANY(${param(filter.kinds)}::text[])`);
  if (filter.statuses?.length) {
    clauses.push(`${c.status} = ANY(${param(filter.statuses)}::text[])`);
  }
  if (filter.ward) clauses.push(`${c.ward_code} = ${param(filter.ward)}`);
  const { since, until } = periodBounds(filter);
  if (since) clauses.push(`${c.observed_at} >= ${param(since)}`);
  if (until) clauses.push(`${c.observed_at} < ${param(until)}`);
  if (filter.observedFrom) clauses.push(`${c.observed_at} >= ${param(filter.observedFrom)}`);
  if (filter.observedTo) clauses.push(`${c.observed_at} <= ${param(filter.observedTo)}`);
  if (filter.onTimeOn) {
    clauses.push(`(${c.deadline} IS NULL OR ${c.deadline} >= ${param(filter.onTimeOn)})`);
  }
  // NULL < day is not true: a case without a deadline is never overdue.
  if (filter.overdueOn) clauses.push(`${c.deadline} < ${param(filter.overdueOn)}`);
  const query = filter.q ? searchTsQuery(filter.q) : null;
  if (query && c.search) clauses.push(`${c.search} @@ ${param(query)}::tsquery`);
  return clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
}
