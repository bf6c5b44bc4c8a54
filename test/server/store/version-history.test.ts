/**
 * The SQLite side of reading a month's records: the query plan stays linear in the records and
 * streams its first row without sorting them all.
 */
import { expect, test } from 'vitest';
import { openDatabase } from '../../../server/store/sqlite/database.ts';
import { migrate } from '../../../server/store/sqlite/migrate.ts';
import { CHANGED_IN } from '../../../server/store/sqlite/version-history.ts';

test("each record's state is found by its own index entry, not by scanning all earlier versions", () => {
  const db = openDatabase(':memory:');
  migrate(db);
  const plan = db
    .prepare(`EXPLAIN QUERY PLAN ${CHANGED_IN}`)
    .all({
      layer: 'violations',
      since: '2026-01-31T17:00:00.000Z',
      until: '2026-02-28T17:00:00.000Z',
    })
    .map((r) => (r as { detail: string }).detail);
  // A lookup by (layer, at < until) per record is quadratic: 36 s for 20,000 records.
  expect(plan).toContainEqual(
    expect.stringMatching(/SEARCH w USING INDEX \S+ \(layer=\? AND record_id=\?\)/),
  );
  expect(plan.filter((d) => d.includes('versions_at'))).toHaveLength(1);
  // Sorting the outer rows would read every record's JSON before the first row comes out.
  expect(plan).not.toContain('USE TEMP B-TREE FOR ORDER BY');
  db.close();
});
