/**
 * The store contract: what every Store must do, whatever keeps the records. It speaks only of the
 * Store interface, so a store's test file runs it with a factory, e.g.
 * `describeStoreContract('SQLite', () => createSqliteStore(':memory:'))`. Tests of one store's
 * insides (constraints, index tables, migrations, pragmas) belong in that store's own files.
 */
import { beforeEach, describe, expect, test } from 'vitest';
import { VIOLATION_KINDS } from '../../../server/domain/violations/violation-kinds.ts';
import { VIOLATION_STATUSES } from '../../../server/domain/violations/violation-statuses.ts';
import type { Violation } from '../../../server/domain/violations/violation.ts';
import type { ViolationFilter } from '../../../server/store/filter.ts';
import type { Store } from '../../../server/store/store.ts';
import { makeViolation, square } from '../helpers.ts';
import { FILTER_CASES, FILTER_SEED, seedIds } from './filter-cases.ts';

const ALL: ViolationFilter = { limit: 100, offset: 0 };
const AUDIT = { user: 'inspector-1', at: '2026-03-10T03:00:00.000Z' };
const LATER = { user: 'planner-2', at: '2026-03-11T03:00:00.000Z', reason: 'sửa mô tả' };
/** Later than every change the tests make: listAsOf then answers the records as they are. */
const FUTURE = '2030-01-01T00:00:00.000Z';

/** The same record, edited: next version, new description. */
function edited(v: Violation, description: string): Violation {
  const p = v.properties;
  return { ...v, properties: { ...p, description, version: p.version + 1, updated_at: LATER.at } };
}

/**
 * Registers the contract's tests under `${name} store contract`. Every test gets a fresh, empty
 * store from `makeStore` and closes it when done.
 */
export function describeStoreContract(name: string, makeStore: () => Store | Promise<Store>): void {
  describe(`${name} store contract`, () => {
    let store: Store;
    beforeEach(async () => {
      const opened = await makeStore();
      store = opened;
      return async () => {
        await opened.close();
      };
    });

    test('a new store is empty', async () => {
      expect(await store.violations.list(ALL)).toEqual({ items: [], total: 0 });
      expect(await store.violations.listAsOf(FUTURE, ALL)).toEqual({ items: [], total: 0 });
      expect(await store.violations.get(crypto.randomUUID())).toBeUndefined();
    });

    describe('insert', () => {
      test('stores a record and gives it back as it was', async () => {
        const v = makeViolation({ address: 'Tổ 5, phường Đức Xuân' });
        expect(await store.violations.insert(v, 'create', AUDIT)).toBe(true);
        expect(await store.violations.get(v.id)).toEqual(v);
      });

      test('refuses an existing id and writes nothing', async () => {
        const v = makeViolation();
        await store.violations.insert(v, 'create', AUDIT);
        const copy = makeViolation({ description: 'a second send' }, undefined, v.id);
        expect(await store.violations.insert(copy, 'create', LATER)).toBe(false);
        expect(await store.violations.get(v.id)).toEqual(v);
        expect(await store.violations.history(v.id)).toHaveLength(1);
        expect((await store.violations.list(ALL)).total).toBe(1);
      });

      test('accepts every kind and every status of the catalog', async () => {
        for (const kind of VIOLATION_KINDS) {
          await store.violations.insert(makeViolation({ kind }), 'create', AUDIT);
        }
        for (const status of VIOLATION_STATUSES) {
          await store.violations.insert(makeViolation({ status }), 'create', AUDIT);
        }
        const page = await store.violations.list({ ...ALL, limit: 1000 });
        expect(page.total).toBe(VIOLATION_KINDS.length + VIOLATION_STATUSES.length);
        expect(new Set(page.items.map((v) => v.properties.kind))).toEqual(new Set(VIOLATION_KINDS));
        expect(new Set(page.items.map((v) => v.properties.status))).toEqual(
          new Set(VIOLATION_STATUSES),
        );
      });

      test('writes a first version row: who, when, no before, the record after', async () => {
        const v = makeViolation();
        await store.violations.insert(v, 'create', AUDIT);
        expect(await store.violations.history(v.id)).toEqual([
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
      test('replaces a record at the expected version and writes before and after', async () => {
        const v = makeViolation();
        await store.violations.insert(v, 'create', AUDIT);
        const next = edited(v, 'Đã dọn một phần');
        expect(await store.violations.update(next, 1, 'update', LATER)).toBe(true);
        expect(await store.violations.get(v.id)).toEqual(next);
        const [first, second] = await store.violations.history(v.id);
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

      test('refuses a stale version and writes nothing', async () => {
        const v = makeViolation();
        await store.violations.insert(v, 'create', AUDIT);
        const first = edited(v, 'first edit');
        await store.violations.update(first, 1, 'update', LATER);
        expect(await store.violations.update(edited(v, 'late edit'), 1, 'update', LATER)).toBe(
          false,
        );
        expect(await store.violations.get(v.id)).toEqual(first);
        expect(await store.violations.history(v.id)).toHaveLength(2);
        expect((await store.violations.list({ ...ALL, q: 'late' })).total).toBe(0);
      });

      test('refuses a record that does not exist', async () => {
        const v = makeViolation();
        expect(await store.violations.update(edited(v, 'x'), 1, 'update', LATER)).toBe(false);
        expect(await store.violations.history(v.id)).toEqual([]);
      });

      test('keeps the spatial index in step: a moved record is found at its new place only', async () => {
        const v = makeViolation({}, { type: 'Point', coordinates: [105.83, 22.14] });
        await store.violations.insert(v, 'create', AUDIT);
        const moved: Violation = {
          ...edited(v, 'moved'),
          geometry: { type: 'Point', coordinates: [105.87, 22.18] },
        };
        await store.violations.update(moved, 1, 'update', LATER);
        expect(
          (await store.violations.list({ ...ALL, bbox: [105.82, 22.13, 105.84, 22.15] })).total,
        ).toBe(0);
        expect(
          (await store.violations.list({ ...ALL, bbox: [105.86, 22.17, 105.88, 22.19] })).total,
        ).toBe(1);
      });
    });

    describe('bbox', () => {
      const box: [number, number, number, number] = [105.83, 22.14, 105.84, 22.15];

      test('answers points inside the box, its edge included, and not those outside', async () => {
        const inside = makeViolation({}, { type: 'Point', coordinates: [105.835, 22.145] });
        const onEdge = makeViolation({}, { type: 'Point', coordinates: [105.83, 22.145] });
        const outside = makeViolation({}, { type: 'Point', coordinates: [105.8301, 22.1501] });
        const justOut = makeViolation({}, { type: 'Point', coordinates: [105.8299999, 22.145] });
        for (const v of [inside, onEdge, outside, justOut]) {
          await store.violations.insert(v, 'create', AUDIT);
        }
        const ids = (await store.violations.list({ ...ALL, bbox: box })).items.map((v) => v.id);
        expect(ids.sort()).toEqual([inside.id, onEdge.id].sort());
      });

      test('tests a polygon exactly: its bbox touching the box is not enough', async () => {
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
        await store.violations.insert(lShape, 'create', AUDIT);
        await store.violations.insert(overlapping, 'create', AUDIT);
        const page = await store.violations.list({ ...ALL, bbox: box });
        expect(page.items.map((v) => v.id)).toEqual([overlapping.id]);
        expect(page.total).toBe(1);
      });
    });

    describe('as of an instant', () => {
      test('answers each record as it stood, and leaves out those not yet made', async () => {
        const old = makeViolation({ description: 'trước khi sửa' });
        await store.violations.insert(old, 'create', AUDIT);
        await store.violations.update(edited(old, 'sau khi sửa'), 1, 'update', LATER);
        const late = makeViolation({ created_at: LATER.at });
        await store.violations.insert(late, 'create', LATER);

        const before = await store.violations.listAsOf('2026-03-11T00:00:00.000Z', ALL);
        expect(before.items).toEqual([old]);
        expect(before.total).toBe(1);
        const after = await store.violations.listAsOf('2026-03-12T00:00:00.000Z', ALL);
        expect(after.items.map((v) => v.properties.description).sort()).toEqual(
          ['sau khi sửa', late.properties.description].sort(),
        );
      });

      test('nothing existed before the first version', async () => {
        await store.violations.insert(makeViolation(), 'create', AUDIT);
        expect(await store.violations.listAsOf(AUDIT.at, ALL)).toEqual({ items: [], total: 0 });
      });
    });

    describe('filters', () => {
      const SEEDED = { user: null, at: '2026-03-09T03:00:00.000Z' };
      beforeEach(async () => {
        for (const v of Object.values(FILTER_SEED)) {
          await store.violations.insert(v, 'create', SEEDED);
        }
      });

      describe.each([
        ['list', (f: ViolationFilter) => store.violations.list(f)],
        [
          'listAsOf (later than every change)',
          (f: ViolationFilter) => store.violations.listAsOf(FUTURE, f),
        ],
      ])('%s', (_, run) => {
        test.each(FILTER_CASES)('filters by %s', async (__, filter, expected) => {
          const result = await run({ ...filter, ...ALL });
          expect(result.items.map((v) => v.id)).toEqual(expected);
          expect(result.total).toBe(expected.length);
        });

        test.each(['2026-03-08', '2026-03-09', '2026-03-10', '2026-03-11'])(
          'on %s, overdue and on time split the cases with nothing shared or left out',
          async (day) => {
            const overdue = (await run({ overdueOn: day, ...ALL })).items.map((v) => v.id);
            const onTime = (await run({ onTimeOn: day, ...ALL })).items.map((v) => v.id);
            expect(overdue.filter((id) => onTime.includes(id))).toEqual([]);
            expect([...overdue, ...onTime].sort()).toEqual(seedIds('a', 'b', 'c', 'd').sort());
          },
        );

        test('pages with limit and offset and counts every match', async () => {
          const result = await run({ limit: 2, offset: 1 });
          expect(result.items.map((v) => v.id)).toEqual(seedIds('c', 'b'));
          expect(result.total).toBe(4);
          expect(await run({ limit: 2, offset: 4 })).toEqual({ items: [], total: 4 });
        });
      });
    });

    describe('map positions', () => {
      test("answers a point's coordinates and a polygon's bbox centre, filtered, any bbox ignored", async () => {
        const point = makeViolation({}, { type: 'Point', coordinates: [105.834, 22.147] });
        const polygon = makeViolation({ kind: 'illegal_grading' }, square([105.76, 22.21], 0.002));
        const archived = makeViolation({ archived_at: AUDIT.at });
        for (const v of [point, polygon, archived]) {
          await store.violations.insert(v, 'create', AUDIT);
        }
        const far: ViolationFilter = { ...ALL, bbox: [0, 0, 1, 1] };
        const all = await store.violations.positions(far);
        expect(all).toHaveLength(2);
        const markers = await store.violations.markers(all.map((p) => p.key));
        const byId = new Map(markers.map((m) => [m.id, m]));
        const at = (v: Violation) => all.find((p) => p.key === byId.get(v.id)?.key);
        expect(at(point)).toMatchObject({ lon: 105.834, lat: 22.147 });
        // The square spans 105.76–105.762 × 22.21–22.212; a store may round its box (< 1 m).
        expect(at(polygon)!.lon).toBeCloseTo(105.761, 4);
        expect(at(polygon)!.lat).toBeCloseTo(22.211, 4);
        expect(byId.get(polygon.id)).toEqual({
          key: at(polygon)!.key,
          id: polygon.id,
          kind: 'illegal_grading',
          status: 'reported',
          deadline: null,
        });
        expect(await store.violations.positions({ ...ALL, kinds: ['other'] })).toHaveLength(1);
        expect(await store.violations.markers([])).toEqual([]);
        expect(await store.violations.markers([-1])).toEqual([]);
      });

      test('a record moved is where it was moved to; one archived leaves the map, and comes back with archived ones', async () => {
        const moving = makeViolation({}, { type: 'Point', coordinates: [105.834, 22.147] });
        const leaving = makeViolation({}, { type: 'Point', coordinates: [105.8, 22.1] });
        for (const v of [moving, leaving]) await store.violations.insert(v, 'create', AUDIT);
        const moved = { ...edited(moving, 'dời vị trí') };
        moved.geometry = { type: 'Point', coordinates: [105.8412345, 22.1612345] };
        const gone = edited(leaving, 'lưu trữ');
        gone.properties = { ...gone.properties, archived_at: LATER.at };
        expect(await store.violations.update(moved, 1, 'update', LATER)).toBe(true);
        expect(await store.violations.update(gone, 1, 'archive', LATER)).toBe(true);
        const seen = async (archived: ViolationFilter['archived']) =>
          (await store.violations.positions({ ...ALL, archived })).map((p) => [p.lon, p.lat]);
        expect(await seen(undefined)).toEqual([[105.8412345, 22.1612345]]);
        expect(await seen('only')).toEqual([[105.8, 22.1]]);
        expect(await seen('include')).toHaveLength(2);
      });

      test('the revision moves with every write, and not with a refused one', async () => {
        const v = makeViolation();
        const seen = [await store.violations.revision()];
        await store.violations.insert(v, 'create', AUDIT);
        seen.push(await store.violations.revision());
        await store.violations.insertMany([makeViolation(), v], 'import', AUDIT);
        seen.push(await store.violations.revision());
        await store.violations.update(edited(v, 'x'), 1, 'update', LATER);
        seen.push(await store.violations.revision());
        expect(new Set(seen).size).toBe(4);
        expect(await store.violations.update(edited(v, 'y'), 1, 'update', LATER)).toBe(false);
        expect(await store.violations.insert(v, 'create', AUDIT)).toBe(false);
        expect(await store.violations.revision()).toBe(seen.at(-1));
      });
    });

    describe('insertMany', () => {
      test('answers which were inserted: an existing id and a repeated one are not', async () => {
        const old = makeViolation();
        await store.violations.insert(old, 'create', AUDIT);
        const [a, b] = [makeViolation(), makeViolation()];
        const again = makeViolation({ description: 'again' }, undefined, a.id);
        const copy = makeViolation({ description: 'copy' }, undefined, old.id);
        expect(await store.violations.insertMany([a, copy, b, again], 'import', LATER)).toEqual([
          true,
          false,
          true,
          false,
        ]);
        expect(await store.violations.get(a.id)).toEqual(a);
        expect(await store.violations.get(old.id)).toEqual(old);
        expect(await store.violations.history(a.id)).toEqual([
          {
            version: 1,
            action: 'import',
            at: LATER.at,
            user: 'planner-2',
            reason: 'sửa mô tả',
            before: null,
            after: a,
          },
        ]);
        expect((await store.violations.list(ALL)).total).toBe(3);
        expect(await store.violations.insertMany([], 'import', LATER)).toEqual([]);
      });
    });

    describe('text search', () => {
      const WRITTEN = { user: null, at: '2026-03-10T03:00:00.000Z' };
      let ducXuan: Violation;
      let encroach: Violation;
      let other: Violation;

      beforeEach(async () => {
        // Kind "other" everywhere, so that only description and address are searched.
        ducXuan = makeViolation({ description: 'Đổ phế thải', address: 'Tổ 3, phường Đức Xuân' });
        encroach = makeViolation({ description: 'Quán nước lấn chiếm vỉa hè đường Trường Chinh' });
        other = makeViolation({ description: 'Xây tường rào sai phép', address: 'Thôn Nà Pài' });
        for (const v of [ducXuan, encroach, other]) {
          await store.violations.insert(v, 'create', WRITTEN);
        }
      });

      const search = async (q: string) =>
        (await store.violations.list({ ...ALL, q })).items.map((v) => v.id);
      const searchAsOf = async (q: string) =>
        (await store.violations.listAsOf(FUTURE, { ...ALL, q })).items.map((v) => v.id);

      describe('ignores diacritics and đ', () => {
        test.each([
          ['duc xuan', () => [ducXuan.id]],
          ['Đức Xuân', () => [ducXuan.id]],
          ['ĐỨC XUÂN', () => [ducXuan.id]],
          ['Đức Xuân'.normalize('NFD'), () => [ducXuan.id]],
          ['lan chiem', () => [encroach.id]],
          ['lấn chiếm', () => [encroach.id]],
          ['truong chinh', () => [encroach.id]],
          ['duong', () => [encroach.id]], // "đường" in the description; "phường" does not start with it
          ['na pai', () => [other.id]],
        ])('%j finds what it names', async (q, expected) => {
          expect(await search(q)).toEqual(expected());
          expect(await searchAsOf(q)).toEqual(expected());
        });

        test('matches word prefixes, as one types', async () => {
          expect(await search('chie')).toEqual([encroach.id]);
          expect(await search('xua')).toEqual([ducXuan.id]);
        });

        test('needs every word', async () => {
          expect(await search('duc chiem')).toEqual([]);
          expect(await search('via he chinh')).toEqual([encroach.id]);
        });

        test('answers everything for a query with no words', async () => {
          expect(await search('***')).toHaveLength(3);
        });

        test('finds a record by its new text after an edit, and no longer by the old', async () => {
          const next = {
            ...other,
            properties: { ...other.properties, description: 'Đã tháo dỡ', version: 2 },
          };
          expect(await store.violations.update(next, 1, 'update', WRITTEN)).toBe(true);
          expect(await search('tuong rao')).toEqual([]);
          expect(await search('thao do')).toEqual([other.id]);
        });
      });

      describe('user input is never query syntax', () => {
        test.each([
          'AND',
          'OR',
          'NOT',
          'duc AND',
          'AND duc',
          '"',
          '"duc',
          '""',
          '*',
          'duc*',
          '^duc',
          'NEAR(',
          'NEAR(duc xuan, 2)',
          '(',
          ')',
          '-duc',
          '+',
          'body:duc',
          "'",
          '{duc xuan}',
          ':',
          '\u0000',
        ])('%j does not error', async (q) => {
          await expect(search(q)).resolves.toBeInstanceOf(Array);
          await expect(searchAsOf(q)).resolves.toBeInstanceOf(Array);
        });

        test('operators are searched as words', async () => {
          const near = makeViolation({ description: 'Đống cát near cổng chợ and bến xe' });
          await store.violations.insert(near, 'create', WRITTEN);
          expect(await search('NEAR(')).toEqual([near.id]);
          expect(await search('"and"')).toEqual([near.id]);
          expect(await search('duc AND')).toEqual([]);
        });
      });
    });
  });
}
