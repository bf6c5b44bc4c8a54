/**
 * A page of violations as they stood at an instant, filtered, ordered and paged in SQL: the map
 * as of a past day costs about what today's list costs, whatever the number of records.
 *
 * The states come from `statesAt`: a record unchanged since the instant is its own row, filtered
 * with its indexes as today's list filters it; a changed one is its version's jsonb. The order is
 * today's list's (newest observation first, then the newest row), so a page as of now is today's
 * page. Only keys and sort columns are sorted; the page's records are read afterwards. A text
 * filter on a changed state needs the folding of domain/text.ts: those few states come back
 * whole, are judged by `matchesFilter`, and that page is put together here.
 */
import type { Violation } from '../../domain/violations/violation.ts';
import { matchesFilter, type ViolationFilter } from '../filter.ts';
import { andWhere } from '../sql-where.ts';
import type { Page } from '../store.ts';
import type { Queryable } from './pg-client.ts';
import { searchTsQuery } from './search.ts';
import { CHANGED, searchOnly } from './violation-counts.ts';
import { statesAt } from './violation-states.ts';
import { whereClause } from './violation-where.ts';

interface Key {
  /** The record's row, when the state is the record as it is now. */
  current: string | null;
  /** The version row the state was read from, when it is not. */
  seq: string | null;
  observed_at: string;
  /** Where the state sorts among equal observations: its record's row (0 once removed). */
  rank: string;
  /** A changed state still to be judged on its text. */
  state: Violation | null;
  total?: string;
}

export async function listViolationsAsOf(
  pg: Queryable,
  instant: string,
  filter: ViolationFilter,
): Promise<Page<Violation>> {
  const params: unknown[] = [instant];
  const states = await statesAt(pg, instant);
  const judged = filter.q && searchTsQuery(filter.q) ? searchOnly(filter.q) : null;
  const keys = `
    SELECT v.key AS current, NULL::bigint AS seq, v.observed_at, v.key AS rank, NULL::jsonb AS state
    FROM ${states.unchanged.from}
    ${andWhere(whereClause(filter, params), states.unchanged.only)}
    UNION ALL
    SELECT NULL, w.seq, ${CHANGED.columns.observed_at},
      coalesce((SELECT x.key FROM violations x WHERE x.id = w.record_id), 0),
      ${judged ? 'w.after' : 'NULL::jsonb'}
    FROM ${states.changed.from}
    ${andWhere(whereClause(filter, params, CHANGED.columns), states.changed.only)}`;
  if (!judged) {
    const limit = `$${params.push(filter.limit)}`;
    const offset = `$${params.push(filter.offset)}`;
    const rows = await pg.query<Key>(
      `WITH ${states.with}
       SELECT t.total, p.* FROM (SELECT count(*) AS total FROM (${keys}) k) t
       LEFT JOIN LATERAL (SELECT * FROM (${keys}) k
         ORDER BY observed_at DESC, rank DESC LIMIT ${limit} OFFSET ${offset}) p ON true`,
      params,
    );
    const page = rows.filter((r) => r.rank !== null);
    return { items: await readStates(pg, page), total: Number(rows[0]?.total ?? 0) };
  }
  const matching = (await pg.query<Key>(`WITH ${states.with} ${keys}`, params))
    .filter((k) => !k.state || matchesFilter(k.state, judged))
    .sort(
      (a, b) => compare(b.observed_at, a.observed_at) || Number(BigInt(b.rank) - BigInt(a.rank)),
    );
  const page = matching.slice(filter.offset, filter.offset + filter.limit);
  return { items: await readStates(pg, page), total: matching.length };
}

/** Byte order, as the COLLATE "C" columns compare. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The records of a page, in its order: current ones from their rows, past ones from versions. */
async function readStates(pg: Queryable, keys: Key[]): Promise<Violation[]> {
  if (!keys.length) return [];
  const rows = await pg.query<{ n: string; state: Violation }>(
    // jsonb_build_object answers an object even of NULLs: whether the row was found decides.
    `SELECT k.n, CASE WHEN v.key IS NULL THEN w.after ELSE
       jsonb_build_object('type', 'Feature', 'id', v.id, 'geometry', v.geometry,
         'properties', v.properties) END AS state
     FROM unnest($1::bigint[], $2::bigint[]) WITH ORDINALITY AS k(current, seq, n)
     LEFT JOIN violations v ON v.key = k.current
     LEFT JOIN versions w ON k.current IS NULL AND w.seq = k.seq`,
    [keys.map((k) => k.current), keys.map((k) => k.seq)],
  );
  // Ordinality counts from 1, in the order of the keys.
  const byPlace = new Map(rows.map((r) => [Number(r.n), r.state]));
  return keys.map((_, i) => byPlace.get(i + 1)!);
}
