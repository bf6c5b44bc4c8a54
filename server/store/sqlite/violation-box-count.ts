/**
 * How many records a view's box holds, counted on the R*Tree. A map's box holds thousands of
 * records; counting them through their rows looks each one up by its key (5 to 18 ms for 5,000,
 * about as much as the page of 500 itself), while the R*Tree alone counts them in well under a
 * millisecond. Only the rows across the box's edge and the archived ones, few of each, are read.
 */
import type { ViolationFilter } from '../filter.ts';
import type { Db } from './database.ts';
import { boxTerms } from './violation-where.ts';

/** The filter asks for a box and nothing else that only a record's row can tell. */
function boxOnly(filter: ViolationFilter): boolean {
  const { bbox, archived: _archived, limit: _limit, offset: _offset, ...rest } = filter;
  if (!bbox) return false;
  return Object.values(rest).every(
    (value) => value === undefined || value === '' || (Array.isArray(value) && !value.length),
  );
}

/** The records `filter` matches, or null where it asks for more than a box (the rows count). */
export function countInBox(db: Db, filter: ViolationFilter): number | null {
  if (!filter.bbox || !boxOnly(filter)) return null;
  const box = boxTerms(filter.bbox);
  const count = (sql: string, params: unknown[]) =>
    db
      .prepare(sql)
      .pluck()
      .get(...params) as number;
  const inBox = () =>
    // Inside the box by the R*Tree's own rows, then those across its edge that meet it.
    count(`SELECT count(*) FROM violations_rtree r WHERE ${box.overlaps} AND ${box.inside}`, [
      ...box.overlapsParams,
      ...box.insideParams,
    ]) +
    count(
      `SELECT count(*) FROM violations_rtree r CROSS JOIN violations v ON v.rowid = r.id
       WHERE ${box.overlaps} AND NOT (${box.inside}) AND ${box.exact}`,
      [...box.overlapsParams, ...box.insideParams, ...box.exactParams],
    );
  // From the archived records (their own index), each looked up in the R*Tree by its key.
  const archived = () =>
    count(
      `SELECT count(*) FROM violations v INDEXED BY violations_archived
       CROSS JOIN violations_rtree r ON r.id = v.rowid
       WHERE v.archived_at IS NOT NULL AND ${box.overlaps} AND (${box.inside} OR ${box.exact})`,
      [...box.overlapsParams, ...box.insideParams, ...box.exactParams],
    );
  if (filter.archived === 'include') return inBox();
  if (filter.archived === 'only') return archived();
  return inBox() - archived();
}
