/**
 * The SQLite store's insides: its CHECK constraints and the R*Tree and FTS5 rows kept beside each
 * record. What every store must do is in contract.ts, run for SQLite by sqlite-contract.test.ts.
 */
import { beforeEach, describe, expect, test } from 'vitest';
import { searchableText } from '../../../server/domain/violations/violation-search.ts';
import type { Violation } from '../../../server/domain/violations/violation.ts';
import type { ViolationFilter } from '../../../server/store/filter.ts';
import { openDatabase, type Db } from '../../../server/store/sqlite/database.ts';
import { migrate } from '../../../server/store/sqlite/migrate.ts';
import { SqliteViolationRepository } from '../../../server/store/sqlite/violation-repository.ts';
import { makeViolation } from '../helpers.ts';

const ALL: ViolationFilter = { limit: 100, offset: 0 };
const AUDIT = { user: 'inspector-1', at: '2026-03-10T03:00:00.000Z' };
const LATER = { user: 'planner-2', at: '2026-03-11T03:00:00.000Z' };

let db: Db;
let violations: SqliteViolationRepository;
beforeEach(() => {
  db = openDatabase(':memory:');
  migrate(db);
  violations = new SqliteViolationRepository(db);
  return () => db.close();
});

const count = (table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get();

/** The R*Tree box and FTS5 text kept for a record. */
function indexRows(id: string) {
  const rowid = db.prepare('SELECT rowid FROM violations WHERE id = ?').pluck().get(id);
  return {
    box: db
      .prepare('SELECT min_x, max_x, min_y, max_y FROM violations_rtree WHERE id = ?')
      .get(rowid) as { min_x: number; max_x: number; min_y: number; max_y: number },
    text: db.prepare('SELECT body FROM violations_fts WHERE rowid = ?').pluck().get(rowid),
  };
}

describe('CHECK constraints', () => {
  test.each([
    ['kind', { kind: 'graffiti' }],
    ['status', { status: 'archived' }],
    ['version', { version: 0 }],
  ])('a CHECK constraint refuses an unknown %s, and nothing is half-written', (_, props) => {
    const bad = makeViolation(props as Partial<Violation['properties']>);
    expect(() => violations.insert(bad, 'create', AUDIT)).toThrow(/CHECK constraint/);
    expect(violations.get(bad.id)).toBeUndefined();
    expect(violations.history(bad.id)).toEqual([]);
    expect(violations.list({ ...ALL, q: 'vat lieu' }).total).toBe(0);
    expect([count('violations_rtree'), count('violations_fts'), count('versions')]).toEqual([
      0, 0, 0,
    ]);
  });
});

describe('index rows', () => {
  test('a record gets one R*Tree box around its geometry and one FTS row of its folded text', () => {
    const v = makeViolation(
      { description: 'Lấn chiếm vỉa hè', address: 'Tổ 5, phường Đức Xuân' },
      { type: 'Point', coordinates: [105.834, 22.147] },
    );
    violations.insert(v, 'create', AUDIT);
    const { box, text } = indexRows(v.id);
    // 32-bit boxes, rounded outwards: they hold the point without being exact.
    expect(box.min_x).toBeLessThanOrEqual(105.834);
    expect(box.max_x).toBeGreaterThanOrEqual(105.834);
    expect(box.min_y).toBeLessThanOrEqual(22.147);
    expect(box.max_y).toBeGreaterThanOrEqual(22.147);
    expect(box.max_x - box.min_x).toBeLessThan(1e-4);
    expect(text).toBe(searchableText(v));
    expect(text).toContain('lan chiem via he to 5, phuong duc xuan');
  });

  test('an edit replaces the R*Tree and FTS rows and leaves no stale ones behind', () => {
    const v = makeViolation({}, { type: 'Point', coordinates: [105.83, 22.14] });
    const stay = makeViolation({ description: 'ở yên' });
    violations.insert(v, 'create', AUDIT);
    violations.insert(stay, 'create', AUDIT);
    const moved: Violation = {
      ...v,
      geometry: { type: 'Point', coordinates: [105.87, 22.18] },
      properties: { ...v.properties, description: 'đã chuyển', version: 2 },
    };
    expect(violations.update(moved, 1, 'update', LATER)).toBe(true);
    expect([count('violations_rtree'), count('violations_fts')]).toEqual([2, 2]);
    const { box, text } = indexRows(v.id);
    expect(box.min_x).toBeGreaterThan(105.86);
    expect(box.min_y).toBeGreaterThan(22.17);
    expect(text).toBe(searchableText(moved));
    expect(text).not.toContain('do vat lieu');
    expect(indexRows(stay.id).text).toBe(searchableText(stay));
  });

  test('a refused insert or update writes no index rows', () => {
    const v = makeViolation();
    violations.insert(v, 'create', AUDIT);
    const before = indexRows(v.id);
    const copy = makeViolation({ description: 'a second send' }, undefined, v.id);
    expect(violations.insert(copy, 'create', LATER)).toBe(false);
    const stale: Violation = {
      ...v,
      geometry: { type: 'Point', coordinates: [105.9, 22.2] },
      properties: { ...v.properties, description: 'late edit', version: 2 },
    };
    expect(violations.update(stale, 5, 'update', LATER)).toBe(false);
    expect([count('violations_rtree'), count('violations_fts')]).toEqual([1, 1]);
    expect(indexRows(v.id)).toEqual(before);
  });
});
