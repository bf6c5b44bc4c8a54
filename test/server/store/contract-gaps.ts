/**
 * The store contract for criteria gaps and indicator values: what every Store must do with them,
 * spoken only through the Store interface (see contract.ts).
 */
import { beforeEach, describe, expect, test } from 'vitest';
import { GAP_STATUSES } from '../../../server/domain/gaps/gap-statuses.ts';
import type { IndicatorValue } from '../../../server/domain/criteria/indicator.ts';
import type { Gap } from '../../../server/domain/gaps/gap.ts';
import type { GapFilter } from '../../../server/domain/gaps/gap-filter.ts';
import type { Store } from '../../../server/store/store.ts';
import { insideWard, square } from '../helpers.ts';
import { makeGap, streetIn } from '../gap-fixtures.ts';

const ALL: GapFilter = { limit: 100, offset: 0 };
const AUDIT = { user: 'planner-1', at: '2026-03-10T03:00:00.000Z' };
const LATER = { user: 'planner-2', at: '2026-03-11T03:00:00.000Z', reason: 'đã lập kế hoạch' };
const FUTURE = '2030-01-01T00:00:00.000Z';

function moved(g: Gap, status: Gap['properties']['status'], at = LATER.at): Gap {
  const p = g.properties;
  return { ...g, properties: { ...p, status, version: p.version + 1, updated_at: at } };
}

function value(v: Partial<IndicatorValue> = {}): IndicatorValue {
  return {
    rule_set: 'nq111-2025-table2a',
    code: 'III.14',
    scope: 'urban',
    value: 31,
    source: 'statistics',
    note: 'Niên giám thống kê 2025',
    entered_by: 'planner-1',
    entered_at: AUDIT.at,
    version: 1,
    ...v,
  };
}

export function describeGapStoreContract(
  name: string,
  makeStore: () => Store | Promise<Store>,
): void {
  describe(`${name} store contract: gaps and indicator values`, () => {
    let store: Store;
    beforeEach(async () => {
      const opened = await makeStore();
      store = opened;
      return async () => {
        await opened.close();
      };
    });

    test('stores a gap, with a place or without one, and gives it back as it was', async () => {
      const street = makeGap();
      const nowhere = makeGap({ scope: 'urban', standard: 'II.05' }, null);
      expect(await store.gaps.insert(street, 'create', AUDIT)).toBe(true);
      expect(await store.gaps.insert(nowhere, 'create', AUDIT)).toBe(true);
      expect(await store.gaps.get(street.id)).toEqual(street);
      expect(await store.gaps.get(nowhere.id)).toEqual(nowhere);
    });

    test('refuses an existing id and writes nothing', async () => {
      const g = makeGap();
      await store.gaps.insert(g, 'create', AUDIT);
      expect(
        await store.gaps.insert(makeGap({ title: 'bản sao' }, undefined, g.id), 'create', LATER),
      ).toBe(false);
      expect(await store.gaps.get(g.id)).toEqual(g);
      expect(await store.gaps.history(g.id)).toHaveLength(1);
    });

    test('accepts every status', async () => {
      for (const status of GAP_STATUSES) {
        await store.gaps.insert(makeGap({ status }), 'create', AUDIT);
      }
      expect((await store.gaps.list(ALL)).total).toBe(GAP_STATUSES.length);
    });

    test('update checks the version; a stale one changes nothing', async () => {
      const g = makeGap();
      await store.gaps.insert(g, 'create', AUDIT);
      const planned = moved(g, 'planned');
      expect(await store.gaps.update(planned, 1, 'status:planned', LATER)).toBe(true);
      expect(await store.gaps.update(moved(g, 'met'), 1, 'status:met', LATER)).toBe(false);
      expect(await store.gaps.get(g.id)).toEqual(planned);
      const history = await store.gaps.history(g.id);
      expect(history.map((h) => [h.action, h.user, h.reason])).toEqual([
        ['create', 'planner-1', null],
        ['status:planned', 'planner-2', 'đã lập kế hoạch'],
      ]);
      expect(history[1]!.before).toEqual(g);
      expect(history[1]!.after).toEqual(planned);
    });

    test('filters by rule set, standard, status, ward, scope, bbox and folded text', async () => {
      const street = makeGap({ title: 'Đường Đồng Tâm chưa có cống' });
      const green = makeGap(
        { standard: 'III.22', scope: '2025-01843', ward_codes: ['2025-01843'], status: 'planned' },
        square(insideWard('2025-01843'), 0.001),
      );
      const nowhere = makeGap(
        { scope: 'urban', standard: 'II.05', ward_codes: ['2025-01843', '2025-01840'] },
        null,
      );
      for (const g of [street, green, nowhere]) {
        await store.gaps.insert(g, 'create', AUDIT);
      }
      const ids = async (f: Partial<GapFilter>) => {
        const filter = { ...ALL, ...f };
        const now = (await store.gaps.list(filter)).items.map((g) => g.id).sort();
        // The same filter means the same in the past (from the versions) as now.
        expect((await store.gaps.listAsOf(FUTURE, filter)).items.map((g) => g.id).sort()).toEqual(
          now,
        );
        return now;
      };
      expect(await ids({ ruleSet: 'nq111-2025-table2a' })).toHaveLength(3);
      expect(await ids({ standards: ['III.22', 'II.05'] })).toEqual([green.id, nowhere.id].sort());
      expect(await ids({ statuses: ['planned'] })).toEqual([green.id]);
      expect(await ids({ ward: '2025-01843' })).toEqual([green.id, nowhere.id].sort());
      expect(await ids({ scope: 'urban' })).toEqual([nowhere.id]);
      expect(await ids({ q: 'dong tam' })).toEqual([street.id]);
      const [lon, lat] = insideWard('2025-01843') as [number, number];
      expect(await ids({ bbox: [lon - 0.01, lat - 0.01, lon + 0.01, lat + 0.01] })).toEqual([
        green.id,
      ]);
      const [x, y] = streetIn('2025-01840').coordinates[1]! as [number, number];
      expect(await ids({ bbox: [x - 1e-5, y - 1e-5, x + 1e-5, y + 1e-5] })).toEqual([street.id]);
    });

    test('filters by shape: a layer of points, of lines or of areas; a gap with no place is in none', async () => {
      const street = makeGap();
      const green = makeGap({ standard: 'III.22' }, square(insideWard('2025-01843'), 0.001));
      const place = makeGap(
        { standard: 'III.05' },
        {
          type: 'Point',
          coordinates: insideWard('2025-01840'),
        },
      );
      const nowhere = makeGap({ scope: 'urban', standard: 'II.05' }, null);
      for (const g of [street, green, place, nowhere]) await store.gaps.insert(g, 'create', AUDIT);
      const ids = async (f: Partial<GapFilter>) => {
        const filter = { ...ALL, ...f };
        const page = await store.gaps.list(filter);
        const past = await store.gaps.listAsOf(FUTURE, filter);
        expect(past.items.map((g) => g.id)).toEqual(page.items.map((g) => g.id));
        expect(page.total).toBe(page.items.length);
        return page.items.map((g) => g.id);
      };
      expect(await ids({ shape: 'points' })).toEqual([place.id]);
      expect(await ids({ shape: 'lines' })).toEqual([street.id]);
      expect(await ids({ shape: 'areas' })).toEqual([green.id]);
      expect(await ids({ shape: 'areas', standards: ['III.05'] })).toEqual([]);
    });

    test('leaves archived gaps out unless asked', async () => {
      const g = makeGap({ archived_at: AUDIT.at });
      await store.gaps.insert(g, 'create', AUDIT);
      expect((await store.gaps.list(ALL)).total).toBe(0);
      expect((await store.gaps.list({ ...ALL, archived: 'only' })).total).toBe(1);
      expect((await store.gaps.listAsOf(FUTURE, { ...ALL, archived: 'include' })).total).toBe(1);
    });

    test('listAsOf answers each gap as it stood at the instant', async () => {
      const g = makeGap();
      await store.gaps.insert(g, 'create', AUDIT);
      await store.gaps.update(moved(g, 'in_progress'), 1, 'status:in_progress', LATER);
      expect((await store.gaps.listAsOf(AUDIT.at, ALL)).total).toBe(0);
      expect(
        (await store.gaps.listAsOf('2026-03-10T12:00:00.000Z', ALL)).items[0]!.properties.status,
      ).toBe('open');
      expect((await store.gaps.listAsOf(FUTURE, ALL)).items[0]!.properties.status).toBe(
        'in_progress',
      );
    });

    test('an indicator value is written once, replaced by its version, and versioned', async () => {
      expect(await store.indicators.put(value(), null, AUDIT)).toBe(true);
      expect(await store.indicators.put(value({ value: 99 }), null, AUDIT)).toBe(false);
      expect(await store.indicators.get('nq111-2025-table2a', 'III.14', 'urban')).toEqual(value());
      const next = value({ value: 33, version: 2, entered_at: LATER.at });
      expect(await store.indicators.put(next, 2, LATER)).toBe(false);
      expect(await store.indicators.put(next, 1, LATER)).toBe(true);
      const history = await store.indicators.history('nq111-2025-table2a', 'III.14', 'urban');
      expect(history.map((h) => [h.action, (h.after as IndicatorValue).value])).toEqual([
        ['create', 31],
        ['update', 33],
      ]);
    });

    test('indicator values are kept per scope, and listed as of an instant', async () => {
      await store.indicators.put(value(), null, AUDIT);
      await store.indicators.put(value({ scope: '2025-01840', value: 40 }), null, AUDIT);
      await store.indicators.put(value({ value: 33, version: 2, entered_at: LATER.at }), 1, LATER);
      expect(
        (await store.indicators.list('nq111-2025-table2a', 'urban')).map((v) => v.value),
      ).toEqual([33]);
      expect(
        (await store.indicators.list('nq111-2025-table2a', '2025-01840')).map((v) => v.value),
      ).toEqual([40]);
      const then = await store.indicators.listAsOf(
        'nq111-2025-table2a',
        'urban',
        '2026-03-10T12:00:00.000Z',
      );
      expect(then.map((v) => v.value)).toEqual([31]);
      expect(await store.indicators.listAsOf('nq111-2025-table2a', 'urban', AUDIT.at)).toEqual([]);
      expect(await store.indicators.list('other-rules', 'urban')).toEqual([]);
    });
  });
}
