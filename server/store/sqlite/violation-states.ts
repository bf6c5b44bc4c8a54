/**
 * Where each violation's state at an instant is read, found from the side of the history that is
 * smaller. Each state is the record's last version before the instant: the record's own row when
 * nothing has been written to it since, else that version's JSON.
 *
 * - An instant near today (most asks: the map as of last week): few versions come after it. The
 *   records they touch are `moved`; every other row is its own state and keeps today's indexes
 *   (the newest-first index, the R*Tree, the text index), so the page costs what today's costs.
 *   Only the moved records look back, each by the versions_state index.
 * - An instant far back: few versions come before it. Each record's last version before it is
 *   found by grouping those alone (`last`), and is its row when that version is still current.
 *
 * Either way the work grows with the smaller side, never with the square of the history (which
 * froze the server at 100k records: one correlated search of the history per version).
 */
import type { Db } from './database.ts';

/** A set of states as SQL: a FROM, the condition it holds under, and how to read a property. */
export interface Source {
  from: string;
  /** The condition that makes `from` the states of this source (SQL, without WHERE). */
  only: string;
  /** A property of the state (a path under `properties`) as SQL. */
  prop(path: string): string;
  /** The whole state as JSON text, for the filters only JavaScript can judge. */
  record: string;
}

export interface States {
  /** The common table expressions both sources read, for a WITH. */
  with: string;
  /** Their parameters, in order. */
  params: unknown[];
  /** Records unchanged since the instant: their rows (alias `v`). */
  unchanged: Source;
  /** Records changed since: their version before the instant (alias `w`), removals left out. */
  changed: Source;
}

const ROW_COLUMNS: Record<string, string> = {
  archived_at: 'v.archived_at',
  kind: 'v.kind',
  status: 'v.status',
  'ward.code': 'v.ward_code',
  observed_at: 'v.observed_at',
  created_at: 'v.created_at',
  deadline: 'v.deadline',
};

const ROW = {
  prop: (path: string) => ROW_COLUMNS[path] ?? `json_extract(v.properties, '$.${path}')`,
  // The row's own JSON put together, as the version's copy is (no parse and re-serialise).
  record: `'{"type":"Feature","id":' || json_quote(v.id) || ',"geometry":' || v.geometry
    || ',"properties":' || v.properties || '}'`,
};

const VERSION = {
  // CROSS JOIN keeps SQLite's order: each state's key, then its one version row by key.
  from: 'last CROSS JOIN versions w ON w.seq = last.seq',
  prop: (path: string) => `json_extract(w.after, '$.properties.${path}')`,
  record: 'w.after',
};

/**
 * The states at `instant`. `placeholder` is how the statement names the instant: `?` (the
 * parameters are then `params`) or a named one such as `@until` (bound by the caller).
 */
export function statesAt(db: Db, instant: string, placeholder = '?'): States {
  // How many versions lie on one side, counted on the versions_at index up to `most`: the side
  // after is counted first (none, most days), then the side before only as far as it decides.
  const count = (op: '>=' | '<', most: number) =>
    db
      .prepare<[string, number], number>(
        `SELECT count(*) FROM (SELECT 1 FROM versions
         WHERE layer = 'violations' AND at ${op} ? LIMIT ?)`,
      )
      .pluck()
      .get(instant, most)!;
  const after = count('>=', Number.MAX_SAFE_INTEGER);
  const recent = after <= count('<', after + 1);
  // The instant once per use of the placeholder, when it is positional.
  const params = (uses: number) => (placeholder === '?' ? Array<string>(uses).fill(instant) : []);
  if (recent) {
    return {
      with: `moved AS MATERIALIZED (
          SELECT DISTINCT record_id FROM versions WHERE layer = 'violations' AND at >= ${placeholder}),
        last AS MATERIALIZED (
          SELECT (SELECT max(seq) FROM versions INDEXED BY versions_state
                  WHERE layer = 'violations' AND record_id = moved.record_id AND at < ${placeholder})
            AS seq
          FROM moved)`,
      params: params(2),
      unchanged: {
        ...ROW,
        from: 'violations v',
        // By rowid, so that the newest-first index answers it without reading the rows.
        only: 'v.rowid NOT IN (SELECT rowid FROM violations WHERE id IN moved)',
      },
      // A record made after the instant has no version before it (seq NULL): it is left out.
      changed: { ...VERSION, only: 'w.after IS NOT NULL' },
    };
  }
  return {
    // The inner GROUP BY reads only the versions_state index (006-version-states.sql).
    with: `last AS MATERIALIZED (
        SELECT l.seq, cur.rowid AS current
        FROM (SELECT record_id, max(version) AS version, max(seq) AS seq FROM versions
              WHERE layer = 'violations' AND at < ${placeholder} GROUP BY record_id) l
        LEFT JOIN violations cur ON cur.id = l.record_id AND cur.version = l.version)`,
    params: params(1),
    unchanged: {
      ...ROW,
      from: 'violations v',
      // A test of each row against the set rather than a join from it (the unary + keeps the
      // rowid from being a key): the newest-first index then answers a page without reading
      // the rows.
      only: '+v.rowid IN (SELECT current FROM last)',
    },
    changed: { ...VERSION, only: 'last.current IS NULL AND w.after IS NOT NULL' },
  };
}
