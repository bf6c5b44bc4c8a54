/**
 * A page of violations as they stood at an instant, filtered, ordered and paged in SQL: the map
 * as of a past day costs about what today's list costs, whatever the number of records.
 *
 * Each record's state is its last version before the instant (`LAST`). A record unchanged since
 * then is its own row, filtered with its indexes as today's list filters it; a changed one is its
 * version's jsonb. Only keys and sort columns are sorted; the page's records are read afterwards.
 * A text filter on a changed state needs the folding of domain/text.ts: those few states come
 * back whole, are judged by `matchesFilter`, and that page is put together here.
 */
import type { Violation } from '../../domain/violation.ts';
import { matchesFilter, type ViolationFilter } from '../filter.ts';
import type { Page } from '../store.ts';
import type { Queryable } from './pg-client.ts';
import { searchTsQuery } from './search.ts';
import { CHANGED, LAST, searchOnly, UNCHANGED } from './violation-counts.ts';
import { whereClause } from './violation-where.ts';

interface Key {
  /** The record's row, when the state is the record as it is now. */
  current: string | null;
  /** The version row the state was read from. */
  seq: string;
  observed_at: string;
  created_at: string;
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
  const judged = filter.q && searchTsQuery(filter.q) ? searchOnly(filter.q) : null;
  const keys = `
    SELECT last.current, last.seq, v.observed_at, v.created_at, NULL::jsonb AS state
    FROM ${UNCHANGED.from} ${whereClause(filter, params)}
    UNION ALL
    SELECT NULL, last.seq, ${CHANGED.columns.observed_at}, ${CHANGED.created_at},
      ${judged ? 'w.after' : 'NULL::jsonb'}
    FROM ${CHANGED.from} ${whereClause(filter, params, CHANGED.columns)}`;
  // Newest observation first, then newest creation, then the order the versions were written in:
  // the order of the live list, and of the records' states in the history.
  if (!judged) {
    const limit = `$${params.push(filter.limit)}`;
    const offset = `$${params.push(filter.offset)}`;
    const rows = await pg.query<Key>(
      `WITH ${LAST}
       SELECT t.total, p.* FROM (SELECT count(*) AS total FROM (${keys}) k) t
       LEFT JOIN LATERAL (SELECT * FROM (${keys}) k
         ORDER BY observed_at DESC, created_at DESC, seq LIMIT ${limit} OFFSET ${offset}) p ON true`,
      params,
    );
    const page = rows.filter((r) => r.seq !== null);
    return { items: await readStates(pg, page), total: Number(rows[0]?.total ?? 0) };
  }
  const matching = (await pg.query<Key>(`WITH ${LAST} ${keys}`, params))
    .filter((k) => !k.state || matchesFilter(k.state, judged))
    .sort(
      (a, b) =>
        compare(b.observed_at, a.observed_at) ||
        compare(b.created_at, a.created_at) ||
        Number(a.seq) - Number(b.seq),
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
  const rows = await pg.query<{ seq: string; state: Violation }>(
    // jsonb_build_object answers an object even of NULLs: whether the row was found decides.
    `SELECT k.seq, CASE WHEN v.key IS NULL THEN w.after ELSE
       jsonb_build_object('type', 'Feature', 'id', v.id, 'geometry', v.geometry,
         'properties', v.properties) END AS state
     FROM unnest($1::bigint[], $2::bigint[]) AS k(current, seq)
     LEFT JOIN violations v ON v.key = k.current
     LEFT JOIN versions w ON k.current IS NULL AND w.seq = k.seq`,
    [keys.map((k) => k.current), keys.map((k) => k.seq)],
  );
  const bySeq = new Map(rows.map((r) => [String(r.seq), r.state]));
  return keys.map((k) => bySeq.get(String(k.seq))!);
}
