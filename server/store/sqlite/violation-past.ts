/**
 * A page of violations as they stood at an instant, filtered, ordered and paged in SQL: the map
 * as of a past day costs about what today's list costs, whatever the number of records.
 *
 * The states come from `statesAt`: a record unchanged since the instant is its own row, filtered
 * as today's list filters it (the R*Tree, the text index); a changed one is its version's JSON,
 * judged by the SQL mirror of `matchesFilter` (`stateWhere`). The order is today's list's (newest
 * observation first, then the newest row), so a page as of now is today's page. Only keys and sort
 * columns are sorted; the page's records are read afterwards.
 */
import type { Violation } from '../../domain/violations/violation.ts';
import type { ViolationFilter } from '../filter.ts';
import type { Page } from '../store.ts';
import type { Db } from './database.ts';
import { stateWhere } from './violation-counts.ts';
import { andWhere } from '../sql-where.ts';
import { statesAt } from './violation-states.ts';
import { whereClause } from './violation-where.ts';

interface Key {
  /** The record's row, when the state is the record as it is now. */
  current: number | null;
  /** The version row the state was read from, when it is not. */
  seq: number | null;
}

export function listViolationsAsOf(
  db: Db,
  instant: string,
  filter: ViolationFilter,
): Page<Violation> {
  const states = statesAt(db, instant);
  const live = whereClause(filter);
  const past = stateWhere(states.changed, filter);
  // A changed state sorts where its record's row does (a removed record's, last among equals).
  const keys = `
    SELECT v.rowid AS current, NULL AS seq, v.observed_at AS observed_at, v.rowid AS rank
    FROM ${states.unchanged.from} ${live.joins} ${andWhere(live.where, states.unchanged.only)}
    UNION ALL
    SELECT NULL, w.seq, ${states.changed.prop('observed_at')},
      coalesce((SELECT x.rowid FROM violations x WHERE x.id = w.record_id), 0)
    FROM ${states.changed.from} ${past.where}`;
  const params = [...states.params, ...live.params, ...past.params];
  const page = db
    .prepare<unknown[], Key>(`WITH ${states.with} ${keys} ORDER BY 3 DESC, 4 DESC LIMIT ? OFFSET ?`)
    .all(...params, filter.limit, filter.offset);
  // A page that is not full holds the last match: the count is known without a second pass.
  const last = page.length < filter.limit && (page.length > 0 || filter.offset === 0);
  const total = last
    ? filter.offset + page.length
    : db
        .prepare<unknown[], number>(`WITH ${states.with} SELECT count(*) FROM (${keys})`)
        .pluck()
        .get(...params)!;
  return { items: page.map((k) => readState(db, k)), total };
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
    .get(key.seq!)!;
  return JSON.parse(after) as Violation;
}
