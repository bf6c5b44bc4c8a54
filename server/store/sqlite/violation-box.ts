/**
 * A view's box: which records of it a page shows, and how many it holds. A map's box holds
 * thousands of records; looking each one up by its key in the table of records (whose rows carry
 * every record's JSON) is most of the cost of a page of 500 and of its count. The R*Tree's rows
 * carry their box, when the record was observed and whether it is archived (migration 009), and
 * an index of the live records newest first carries each one's box (migration 012): the page is
 * chosen and the box counted from those, and only the records across the box's edge, a few
 * dozen, are read to be tested exactly.
 */
import type { ViolationFilter } from '../filter.ts';
import type { Db } from './database.ts';
import { boxTerms } from './violation-where.ts';

/**
 * The filter asks for nothing that only a record's row can tell: at most a box, and archived
 * records left out, included or alone. The R*Tree's rows answer it.
 */
export function onTheBox(filter: ViolationFilter): boolean {
  const { bbox: _bbox, archived: _archived, limit: _limit, offset: _offset, ...rest } = filter;
  return Object.values(rest).every(
    (value) => value === undefined || value === '' || (Array.isArray(value) && !value.length),
  );
}

/** The filter is a view's box and nothing else a record's row must tell. */
export function boxOnly(filter: ViolationFilter): boolean {
  return filter.bbox !== undefined && onTheBox(filter);
}

/** The R*Tree's rows as `archived` asks: left out, included or alone. */
function archivedTerm(filter: ViolationFilter): string {
  if (filter.archived === 'include') return '';
  return filter.archived === 'only' ? 'AND r.archived = 1' : 'AND r.archived = 0';
}

/**
 * Two ways to the page of a box: visit the box's records on the R*Tree and sort them by when
 * they were observed (`tree`: cost grows with the records in the box), or read the live records
 * newest first from the index that carries each one's box until the page's last is found (`time`:
 * cost grows with the records read to get there, about (page's end) × (records) / (in the box)).
 */
export type BoxRead = 'tree' | 'time';

/**
 * An entry of the R*Tree costs about seven entries of the live box index (measured at 100k
 * records: 9.7 ms for 5,200 entries against 2.5 ms for the 9,600 read newest first).
 */
const TREE_ENTRY_COST = 7;

/**
 * The cheaper read of a box-only page, and the box's count that told it (the page's total).
 * Archived records (asked for alone or with the rest) are in no index but the R*Tree.
 */
export function boxRead(db: Db, filter: ViolationFilter): { read: BoxRead; total: number } {
  const total = countInBox(db, filter);
  if (filter.archived !== undefined || total <= filter.offset) return { read: 'tree', total };
  // The highest key stands for the count of records: near enough, and read from the key's end.
  const records = db.prepare('SELECT max(rowid) FROM violations').pluck().get() as number;
  const end = filter.offset + filter.limit;
  return { read: total * total * TREE_ENTRY_COST >= end * records ? 'time' : 'tree', total };
}

/**
 * The keys (`k`) and observation times (`o`) of the page of a box-only filter, newest first, as
 * a subquery, read as `read` says; its record `v` is read whole only for a record across the
 * box's edge.
 */
export function boxPageKeys(
  filter: ViolationFilter,
  read: BoxRead,
): { sql: string; params: unknown[] } {
  const box = boxTerms(filter.bbox!, read === 'time' ? 'v' : 'r');
  const params = [
    ...box.overlapsParams,
    ...box.insideParams,
    ...box.exactParams,
    filter.limit,
    filter.offset,
  ];
  if (read === 'time') {
    return {
      sql: `SELECT v.rowid AS k, v.observed_at AS o FROM violations v INDEXED BY violations_live_box
        WHERE v.archived_at IS NULL AND ${box.overlaps} AND (${box.inside} OR ${box.exact})
        ORDER BY v.observed_at DESC, v.rowid DESC LIMIT ? OFFSET ?`,
      params,
    };
  }
  return {
    sql: `SELECT r.id AS k, r.observed_at AS o FROM violations_rtree r
      WHERE ${box.overlaps} ${archivedTerm(filter)} AND (${box.inside}
        OR (SELECT ${box.exact} FROM violations v WHERE v.rowid = r.id))
      ORDER BY r.observed_at DESC, r.id DESC LIMIT ? OFFSET ?`,
    params,
  };
}

/**
 * How many records a box-only filter matches: those inside the box by the R*Tree's own nodes
 * (well under a millisecond for 5,000; reading each row's archived flag would cost 3 ms), then
 * those across its edge that meet it; the archived ones, few, counted from their own index and
 * looked up in the R*Tree by key, are taken off or counted alone as asked.
 */
export function countInBox(db: Db, filter: ViolationFilter): number {
  const box = boxTerms(filter.bbox!);
  const count = (sql: string, params: unknown[]) =>
    db
      .prepare(sql)
      .pluck()
      .get(...params) as number;
  const inBox = () =>
    count(`SELECT count(*) FROM violations_rtree r WHERE ${box.overlaps} AND ${box.inside}`, [
      ...box.overlapsParams,
      ...box.insideParams,
    ]) +
    count(
      `SELECT count(*) FROM violations_rtree r CROSS JOIN violations v ON v.rowid = r.id
       WHERE ${box.overlaps} AND NOT (${box.inside}) AND ${box.exact}`,
      [...box.overlapsParams, ...box.insideParams, ...box.exactParams],
    );
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
