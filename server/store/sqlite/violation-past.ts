/**
 * A page of violations as they stood at an instant, filtered, ordered and paged in SQL: the map
 * as of a past day costs about what today's list costs, whatever the number of records.
 *
 * Each record's state is its last version before the instant (`LAST`, read from an index of the
 * version table alone). A record unchanged since then is its own row, so today's filter applies
 * to it as it is, with the R*Tree and the text index; a changed one is its version's JSON, judged
 * by the SQL mirror of `matchesFilter` (`stateWhere`). Only the keys and the sort columns are
 * sorted; the page's records are read afterwards.
 */
import type { Violation } from '../../domain/violation.ts';
import type { ViolationFilter } from '../filter.ts';
import type { Page } from '../store.ts';
import type { Db } from './database.ts';
import { CHANGED, LAST, stateWhere } from './violation-counts.ts';
import { whereClause } from './violation-where.ts';

interface Key {
  /** The record's row, when the state is the record as it is now. */
  current: number | null;
  /** The version row the state was read from. */
  seq: number;
  total: number;
}

export function listViolationsAsOf(
  db: Db,
  instant: string,
  filter: ViolationFilter,
): Page<Violation> {
  const live = whereClause(filter);
  const past = stateWhere(CHANGED, filter);
  // Newest observation first, then newest creation, then the order the versions were written in:
  // the order of the live list, and of the records' states in the history.
  const keys = db
    .prepare<unknown[], Key>(
      `WITH ${LAST}
       SELECT current, seq, count(*) OVER () AS total FROM (
         SELECT last.current AS current, last.seq AS seq,
           v.observed_at AS observed_at, v.created_at AS created_at
         FROM last CROSS JOIN violations v ON v.rowid = last.current ${live.joins} ${live.where}
         UNION ALL
         SELECT NULL, last.seq, json_extract(w.after, '$.properties.observed_at'),
           json_extract(w.after, '$.properties.created_at')
         FROM ${CHANGED.from} ${past.where})
       ORDER BY observed_at DESC, created_at DESC, seq
       LIMIT ? OFFSET ?`,
    )
    .all(instant, ...live.params, ...past.params, filter.limit, filter.offset);
  const total = keys[0]?.total ?? (filter.offset > 0 ? countAsOf(db, instant, filter) : 0);
  return { items: keys.map((k) => readState(db, k)), total };
}

/** The total alone, for a page past the last match. */
function countAsOf(db: Db, instant: string, filter: ViolationFilter): number {
  return listViolationsAsOf(db, instant, { ...filter, limit: 1, offset: 0 }).total;
}

function readState(db: Db, key: Key): Violation {
  if (key.current !== null) {
    const row = db
      .prepare<[number], { id: string; geometry: string; properties: string }>(
        'SELECT id, geometry, properties FROM violations WHERE rowid = ?',
      )
      .get(key.current)!;
    return {
      type: 'Feature',
      id: row.id,
      geometry: JSON.parse(row.geometry),
      properties: JSON.parse(row.properties),
    };
  }
  const after = db
    .prepare<[number], string>('SELECT after FROM versions WHERE seq = ?')
    .pluck()
    .get(key.seq)!;
  return JSON.parse(after) as Violation;
}
