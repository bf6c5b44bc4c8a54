/**
 * The SQLite side of reading a month's records: each page's plan stays linear in the records and
 * starts where the last page ended, without sorting anything.
 */
import { expect, test } from 'vitest';
import { openDatabase } from '../../../server/store/sqlite/database.ts';
import { migrate } from '../../../server/store/sqlite/migrate.ts';
import { CHANGED_IN_PAGE } from '../../../server/store/sqlite/version-history.ts';

test('the window is read along the record index from the last page on: no sort, one step per record to know its last version', () => {
  const db = openDatabase(':memory:');
  migrate(db);
  const plan = db
    .prepare(`EXPLAIN QUERY PLAN ${CHANGED_IN_PAGE}`)
    .all({
      layer: 'violations',
      since: '2026-01-31T17:00:00.000Z',
      until: '2026-02-28T17:00:00.000Z',
      after: '',
      limit: 1000,
    })
    .map((r) => (r as { detail: string }).detail);
  // A sort (even of the ids alone) is done whole in the first step: seconds of a stalled server
  // at a million records. A search per record by (layer, at < until) is quadratic.
  expect(plan).toEqual([
    'SEARCH v USING INDEX versions_state (layer=? AND record_id>?)',
    'CORRELATED SCALAR SUBQUERY 1',
    'SEARCH n USING COVERING INDEX versions_state (layer=? AND record_id=? AND version>?)',
  ]);
  db.close();
});
