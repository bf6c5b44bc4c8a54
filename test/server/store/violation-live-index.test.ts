/**
 * The map's first question at a million records is "how many?": the default filter (archived
 * left out) is counted and paged from the partial index of live records, never by reading every
 * record's JSON from the table.
 */
import { expect, test } from 'vitest';
import { openDatabase } from '../../../server/store/sqlite/database.ts';
import { migrate } from '../../../server/store/sqlite/migrate.ts';
import { whereClause } from '../../../server/store/sqlite/violation-where.ts';

test('the live records are counted and listed newest first from their own index', () => {
  const db = openDatabase(':memory:');
  migrate(db);
  const { joins, where, params } = whereClause({ limit: 1, offset: 0 });
  const plan = (sql: string) =>
    db
      .prepare(`EXPLAIN QUERY PLAN ${sql}`)
      .all(...params)
      .map((r) => (r as { detail: string }).detail);
  expect(plan(`SELECT count(*) FROM violations v ${joins} ${where}`)).toEqual([
    'SCAN v USING INDEX violations_live',
  ]);
  expect(
    plan(`SELECT v.id FROM violations v ${joins} ${where}
          ORDER BY v.observed_at DESC, v.rowid DESC LIMIT 1`),
  ).toEqual(['SCAN v USING INDEX violations_live']);
  db.close();
});
