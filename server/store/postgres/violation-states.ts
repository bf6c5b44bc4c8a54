/**
 * Where each violation's state at an instant ($1 of the statement) is read, found from the side
 * of the history that is smaller, as in the SQLite store (see its violation-states.ts):
 *
 * - an instant near today: the records written to since (`moved`) look back, each by the
 *   versions_state index; every other row is its own state and keeps today's indexes;
 * - an instant far back: each record's last version before it is found by grouping the versions
 *   before it (`last`), and is its row when that version is still current.
 */
import type { Queryable } from './pg-client.ts';

export interface States {
  /** The common table expressions both sources read, for a WITH; $1 is the instant. */
  with: string;
  /** Records unchanged since the instant: their rows (alias `v`). */
  unchanged: { from: string; only: string };
  /** Records changed since: their version before the instant (alias `w`), removals left out. */
  changed: { from: string; only: string };
}

const CHANGED_FROM = 'last JOIN versions w ON w.seq = last.seq';

export async function statesAt(pg: Queryable, instant: string): Promise<States> {
  // How many versions lie after the instant, and before it only as far as that decides.
  const sides = await pg.one<{ after: string; before: string }>(
    `WITH after AS (SELECT count(*) AS n FROM versions WHERE layer = 'violations' AND at >= $1)
     SELECT after.n AS after, (SELECT count(*) FROM (SELECT 1 FROM versions
       WHERE layer = 'violations' AND at < $1 LIMIT after.n + 1) b) AS before FROM after`,
    [instant],
  );
  if (Number(sides!.after) <= Number(sides!.before)) {
    return {
      with: `moved AS MATERIALIZED (
          SELECT DISTINCT record_id FROM versions WHERE layer = 'violations' AND at >= $1),
        last AS MATERIALIZED (
          SELECT (SELECT max(seq) FROM versions
                  WHERE layer = 'violations' AND record_id = moved.record_id AND at < $1) AS seq
          FROM moved)`,
      unchanged: {
        from: 'violations v',
        only: 'NOT EXISTS (SELECT 1 FROM moved WHERE moved.record_id = v.id)',
      },
      // A record made after the instant has no version before it (seq NULL): it is left out.
      changed: { from: CHANGED_FROM, only: 'w.after IS NOT NULL' },
    };
  }
  return {
    with: `last AS MATERIALIZED (
        SELECT l.seq, cur.key AS current
        FROM (SELECT record_id, max(version) AS version, max(seq) AS seq FROM versions
              WHERE layer = 'violations' AND at < $1 GROUP BY record_id) l
        LEFT JOIN violations cur ON cur.id = l.record_id AND cur.version = l.version)`,
    unchanged: { from: 'last JOIN violations v ON v.key = last.current', only: '' },
    changed: { from: CHANGED_FROM, only: 'last.current IS NULL AND w.after IS NOT NULL' },
  };
}
