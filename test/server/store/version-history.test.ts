/**
 * The SQLite side of reading a month's records: the query plan stays linear in the records and
 * streams its first row without sorting anything.
 */
import { expect, test } from 'vitest';
import { openDatabase } from '../../../server/store/sqlite/database.ts';
import { migrate } from '../../../server/store/sqlite/migrate.ts';
import { CHANGED_IN } from '../../../server/store/sqlite/version-history.ts';

test('the window is read along the record index: no sort before the first row, no search per record', () => {
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
  // A sort (even of the ids alone) is done whole in the first step: seconds of a stalled server
  // at a million records. A search per record by (layer, at < until) is quadratic.
  expect(plan).toEqual(['SEARCH versions USING INDEX versions_state (layer=?)']);
  db.close();
});
