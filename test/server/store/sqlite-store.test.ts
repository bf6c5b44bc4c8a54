import { beforeEach, describe, expect, test } from 'vitest';
import { VIOLATION_KINDS } from '../../../server/domain/catalog/violation-kinds.ts';
import { VIOLATION_STATUSES } from '../../../server/domain/catalog/violation-statuses.ts';
import type { Violation } from '../../../server/domain/violation.ts';
import type { ViolationFilter } from '../../../server/store/filter.ts';
import { createSqliteStore } from '../../../server/store/sqlite/sqlite-store.ts';
import type { Store } from '../../../server/store/store.ts';
import { makeViolation, square } from '../helpers.ts';

const ALL: ViolationFilter = { limit: 100, offset: 0 };
const AUDIT = { user: 'inspector-1', at: '2026-03-10T03:00:00.000Z' };
const LATER = { user: 'planner-2', at: '2026-03-11T03:00:00.000Z', reason: 'sửa mô tả' };

let store: Store;
beforeEach(() => {
  store = createSqliteStore(':memory:');
});

/** The same record, edited: next version, new description. */
function edited(v: Violation, description: string): Violation {
  const p = v.properties;
  return { ...v, properties: { ...p, description, version: p.version + 1, updated_at: LATER.at } };
}

describe('insert', () => {
  test('stores a record and gives it back as it was', () => {
    const v = makeViolation({ address: 'Tổ 5, phường Đức Xuân' });
    expect(store.violations.insert(v, 'create', AUDIT)).toBe(true);
    expect(store.violations.get(v.id)).toEqual(v);
  });

  test('refuses an existing id and writes nothing', () => {
    const v = makeViolation();
    store.violations.insert(v, 'create', AUDIT);
    const copy = makeViolation({ description: 'a second send' }, undefined, v.id);
    expect(store.violations.insert(copy, 'create', LATER)).toBe(false);
    expect(store.violations.get(v.id)).toEqual(v);
    expect(store.violations.history(v.id)).toHaveLength(1);
    expect(store.violations.list(ALL).total).toBe(1);
  });

  test('accepts every kind and every status of the catalog', () => {
    for (const kind of VIOLATION_KINDS)
      store.violations.insert(makeViolation({ kind }), 'create', AUDIT);
    for (const status of VIOLATION_STATUSES) {
      store.violations.insert(makeViolation({ status }), 'create', AUDIT);
    }
    const page = store.violations.list({ ...ALL, limit: 1000 });
    expect(page.total).toBe(VIOLATION_KINDS.length + VIOLATION_STATUSES.length);
    expect(new Set(page.items.map((v) => v.properties.kind))).toEqual(new Set(VIOLATION_KINDS));
    expect(new Set(page.items.map((v) => v.properties.status))).toEqual(
      new Set(VIOLATION_STATUSES),
    );
  });

  test.each([
    ['kind', { kind: 'graffiti' }],
    ['status', { status: 'archived' }],
    ['version', { version: 0 }],
  ])('a CHECK constraint refuses an unknown %s, and nothing is half-written', (_, props) => {
    const bad = makeViolation(props as Partial<Violation['properties']>);
    expect(() => store.violations.insert(bad, 'create', AUDIT)).toThrow(/CHECK constraint/);
    expect(store.violations.get(bad.id)).toBeUndefined();
    expect(store.violations.history(bad.id)).toEqual([]);
    expect(store.violations.list({ ...ALL, q: 'vat lieu' }).total).toBe(0);
  });

  test('writes a first version row: who, when, no before, the record after', () => {
    const v = makeViolation();
    store.violations.insert(v, 'create', AUDIT);
    expect(store.violations.history(v.id)).toEqual([
      {
        version: 1,
        action: 'create',
        at: AUDIT.at,
        user: 'inspector-1',
        reason: null,
        before: null,
        after: v,
      },
    ]);
  });
});

describe('update', () => {
  test('replaces a record at the expected version and writes before and after', () => {
    const v = makeViolation();
    store.violations.insert(v, 'create', AUDIT);
    const next = edited(v, 'Đã dọn một phần');
    expect(store.violations.update(next, 1, 'update', LATER)).toBe(true);
    expect(store.violations.get(v.id)).toEqual(next);
    const [first, second] = store.violations.history(v.id);
    expect(first).toMatchObject({ version: 1, action: 'create' });
    expect(second).toEqual({
      version: 2,
      action: 'update',
      at: LATER.at,
      user: 'planner-2',
      reason: 'sửa mô tả',
      before: v,
      after: next,
    });
  });

  test('refuses a stale version and writes nothing', () => {
    const v = makeViolation();
    store.violations.insert(v, 'create', AUDIT);
    const first = edited(v, 'first edit');
    store.violations.update(first, 1, 'update', LATER);
    expect(store.violations.update(edited(v, 'late edit'), 1, 'update', LATER)).toBe(false);
    expect(store.violations.get(v.id)).toEqual(first);
    expect(store.violations.history(v.id)).toHaveLength(2);
    expect(store.violations.list({ ...ALL, q: 'late' }).total).toBe(0);
  });

  test('refuses a record that does not exist', () => {
    const v = makeViolation();
    expect(store.violations.update(edited(v, 'x'), 1, 'update', LATER)).toBe(false);
    expect(store.violations.history(v.id)).toEqual([]);
  });

  test('keeps the spatial index in step: a moved record is found at its new place only', () => {
    const v = makeViolation({}, { type: 'Point', coordinates: [105.83, 22.14] });
    store.violations.insert(v, 'create', AUDIT);
    const moved: Violation = {
      ...edited(v, 'moved'),
      geometry: { type: 'Point', coordinates: [105.87, 22.18] },
    };
    store.violations.update(moved, 1, 'update', LATER);
    expect(store.violations.list({ ...ALL, bbox: [105.82, 22.13, 105.84, 22.15] }).total).toBe(0);
    expect(store.violations.list({ ...ALL, bbox: [105.86, 22.17, 105.88, 22.19] }).total).toBe(1);
  });
});

describe('bbox', () => {
  const box: [number, number, number, number] = [105.83, 22.14, 105.84, 22.15];

  test('answers points inside the box, its edge included, and not those outside', () => {
    const inside = makeViolation({}, { type: 'Point', coordinates: [105.835, 22.145] });
    const onEdge = makeViolation({}, { type: 'Point', coordinates: [105.83, 22.145] });
    const outside = makeViolation({}, { type: 'Point', coordinates: [105.8301, 22.1501] });
    const justOut = makeViolation({}, { type: 'Point', coordinates: [105.8299999, 22.145] });
    for (const v of [inside, onEdge, outside, justOut]) store.violations.insert(v, 'create', AUDIT);
    const ids = store.violations.list({ ...ALL, bbox: box }).items.map((v) => v.id);
    expect(ids.sort()).toEqual([inside.id, onEdge.id].sort());
  });

  test('tests a polygon exactly: its bbox touching the box is not enough', () => {
    // An L whose bbox covers the query box while its arms pass beside it.
    const l: Violation['geometry'] = {
      type: 'Polygon',
      coordinates: [
        [
          [105.82, 22.13],
          [105.86, 22.13],
          [105.86, 22.135],
          [105.825, 22.135],
          [105.825, 22.16],
          [105.82, 22.16],
          [105.82, 22.13],
        ],
      ],
    };
    const crossing = square([105.838, 22.148], 0.01);
    const [lShape, overlapping] = [makeViolation({}, l), makeViolation({}, crossing)];
    store.violations.insert(lShape, 'create', AUDIT);
    store.violations.insert(overlapping, 'create', AUDIT);
    const page = store.violations.list({ ...ALL, bbox: box });
    expect(page.items.map((v) => v.id)).toEqual([overlapping.id]);
    expect(page.total).toBe(1);
  });
});

describe('as of an instant', () => {
  test('answers each record as it stood, and leaves out those not yet made', () => {
    const old = makeViolation({ description: 'trước khi sửa' });
    store.violations.insert(old, 'create', AUDIT);
    store.violations.update(edited(old, 'sau khi sửa'), 1, 'update', LATER);
    const late = makeViolation({ created_at: LATER.at });
    store.violations.insert(late, 'create', LATER);

    const before = store.violations.listAsOf('2026-03-11T00:00:00.000Z', ALL);
    expect(before.items).toEqual([old]);
    expect(before.total).toBe(1);
    const after = store.violations.listAsOf('2026-03-12T00:00:00.000Z', ALL);
    expect(after.items.map((v) => v.properties.description).sort()).toEqual(
      ['sau khi sửa', late.properties.description].sort(),
    );
  });

  test('nothing existed before the first version', () => {
    store.violations.insert(makeViolation(), 'create', AUDIT);
    expect(store.violations.listAsOf(AUDIT.at, ALL)).toEqual({ items: [], total: 0 });
  });
});
