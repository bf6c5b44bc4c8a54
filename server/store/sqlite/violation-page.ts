/** A page of today's violations: its rows, or its text as the API writes it, and its count. */
import type { ViolationFilter } from '../filter.ts';
import type { FeaturesText, Page, ViolationJson } from '../store.ts';
import type { Db } from './database.ts';
import { boxOnly, boxPageKeys, boxRead } from './violation-box.ts';
import { whereClause } from './violation-where.ts';

/**
 * The page's keys (`k`) and observation times (`o`), newest observation first, as a subquery:
 * for a view's box the cheaper of its two reads, with the box's count that chose it
 * (violation-box.ts); else from the filter on the records.
 */
function pageKeys(
  db: Db,
  filter: ViolationFilter,
): { sql: string; params: unknown[]; total?: number } {
  if (boxOnly(filter)) {
    const { read, total } = boxRead(db, filter);
    return { ...boxPageKeys(filter, read), total };
  }
  const { joins, where, params } = whereClause(filter);
  return {
    sql: `SELECT v.rowid AS k, v.observed_at AS o FROM violations v ${joins} ${where}
      ORDER BY v.observed_at DESC, v.rowid DESC LIMIT ? OFFSET ?`,
    params: [...params, filter.limit, filter.offset],
  };
}

/**
 * A record's feature as `JSON.stringify(toViolationFeature(v, today))` writes it, from the stored
 * texts (which JSON.stringify wrote, so they read back to themselves): `overdue` goes last in the
 * properties, true when the deadline is before `today` (its one parameter).
 */
const FEATURE = `'{"type":"Feature","id":' || json_quote(v.id) || ',"geometry":' || v.geometry
  || ',"properties":' || substr(v.properties, 1, length(v.properties) - 1)
  || ',"overdue":' || iif(v.deadline IS NOT NULL AND ? > v.deadline, 'true', 'false') || '}}'`;

/**
 * Stored properties the text above cannot extend: empty, or holding an `overdue` of their own
 * (which the spread in toViolationFeature would overwrite where it stands). None are written so;
 * such a page is put together by parsing its records instead.
 */
const ODD = `instr(v.properties, '"overdue":') > 0 OR length(v.properties) < 3`;

/**
 * How many records match: counted already (`known`), or known from the page when it holds the
 * last of them.
 */
function total(db: Db, filter: ViolationFilter, returned: number, known?: number): number {
  if (known !== undefined) return known;
  if (returned < filter.limit && (returned > 0 || filter.offset === 0)) {
    return filter.offset + returned;
  }
  const { joins, where, params } = whereClause(filter);
  return db
    .prepare(`SELECT count(*) FROM violations v ${joins} ${where}`)
    .pluck()
    .get(...params) as number;
}

/** The page's rows, newest observation first, with their stored texts. */
export function pageRows(db: Db, filter: ViolationFilter): Page<ViolationJson> {
  const keys = pageKeys(db, filter);
  const items = db
    .prepare<unknown[], ViolationJson>(
      `SELECT v.id, v.geometry, v.properties, v.deadline FROM (${keys.sql}) AS p
       JOIN violations v ON v.rowid = p.k ORDER BY p.o DESC, p.k DESC`,
    )
    .all(...keys.params);
  return { items, total: total(db, filter, items.length, keys.total) };
}

/**
 * The page as the API writes it, put together by SQLite on the reader that reads it: the server's
 * thread only writes the bytes out (it used to join 500 features, about 8 ms of its time, and
 * encode them as it wrote). The page is chosen by keys first, so only its own records are read
 * whole. Null when a record's stored text is odd (see ODD).
 */
export function pageText(db: Db, filter: ViolationFilter, today: string): FeaturesText | null {
  const keys = pageKeys(db, filter);
  const row = db
    .prepare<unknown[], { returned: number; odd: number | null; text: Buffer | null }>(
      `SELECT count(*) AS returned, sum(${ODD}) AS odd,
         CAST(group_concat(${FEATURE}, ',' ORDER BY p.o DESC, p.k DESC) AS BLOB) AS text
       FROM (${keys.sql}) AS p JOIN violations v ON v.rowid = p.k`,
    )
    .get(today, ...keys.params)!;
  if (row.odd) return null;
  return {
    text: row.text ?? new Uint8Array(0),
    returned: row.returned,
    total: total(db, filter, row.returned, keys.total),
  };
}
