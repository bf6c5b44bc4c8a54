/**
 * The store contract for petitions, the fourth kind on the record engine: what every Store must
 * do with them, spoken only through the Store interface (see contract.ts).
 */
import { beforeEach, describe, expect, test } from 'vitest';
import type { Complaint } from '../../../server/domain/complaints/complaint.ts';
import type { ComplaintFilter } from '../../../server/domain/complaints/complaint-filter.ts';
import type { Store } from '../../../server/store/store.ts';
import { makeComplaint } from '../complaint-fixtures.ts';
import { insideWard, square } from '../helpers.ts';

const ALL: ComplaintFilter = { limit: 100, offset: 0 };
const AUDIT = { user: 'clerk-1', at: '2026-03-10T03:00:00.000Z' };
const LATER = { user: 'clerk-2', at: '2026-03-12T03:00:00.000Z', reason: 'thụ lý' };

function stepped(c: Complaint, status: Complaint['properties']['status'], on: string): Complaint {
  const p = c.properties;
  return {
    ...c,
    properties: {
      ...p,
      status,
      step_dates: { ...p.step_dates, [status]: on },
      version: p.version + 1,
      updated_at: LATER.at,
    },
  };
}

export function describeComplaintStoreContract(
  name: string,
  makeStore: () => Store | Promise<Store>,
): void {
  describe(`${name} store contract: petitions`, () => {
    let store: Store;
    beforeEach(async () => {
      const opened = await makeStore();
      store = opened;
      return async () => {
        await opened.close();
      };
    });

    const ids = async (filter: Partial<ComplaintFilter>) =>
      (await store.complaints.list({ ...ALL, ...filter })).items.map((c) => c.id);

    test('stores a petition, with a place or without one, and gives it back as it was', async () => {
      const here = makeComplaint();
      const nowhere = makeComplaint({ type: 'petition' }, null);
      expect(await store.complaints.insert(here, 'create', AUDIT)).toBe(true);
      expect(await store.complaints.insert(nowhere, 'create', AUDIT)).toBe(true);
      expect(await store.complaints.insert(here, 'create', AUDIT)).toBe(false);
      expect(await store.complaints.get(here.id)).toEqual(here);
      expect(await store.complaints.get(nowhere.id)).toEqual(nowhere);
    });

    test('filters by type, status, ward, link, day received and box; words never find the petitioner', async () => {
      const violation = crypto.randomUUID();
      const project = crypto.randomUUID();
      const a = makeComplaint({ violation_ids: [violation], received_on: '2026-03-01' });
      const b = makeComplaint(
        { type: 'denunciation', project_ids: [project], ward_codes: ['2025-01843'], wards: [] },
        { type: 'Point', coordinates: insideWard('2025-01843') },
      );
      const c = makeComplaint({ type: 'petition', status: 'accepted' }, null);
      for (const x of [a, b, c]) await store.complaints.insert(x, 'create', AUDIT);
      expect(await ids({ types: ['denunciation'] })).toEqual([b.id]);
      expect(await ids({ statuses: ['accepted'] })).toEqual([c.id]);
      expect(await ids({ ward: '2025-01843' })).toEqual([b.id]);
      expect(await ids({ violation })).toEqual([a.id]);
      expect(await ids({ project })).toEqual([b.id]);
      expect(await ids({ receivedTo: '2026-03-05' })).toEqual([a.id]);
      const box = square(insideWard('2025-01843'), 50);
      const [minX, minY] = (box as { coordinates: number[][][] }).coordinates[0]![0]!;
      const [maxX, maxY] = (box as { coordinates: number[][][] }).coordinates[0]![2]!;
      expect(await ids({ bbox: [minX!, minY!, maxX!, maxY!] })).toEqual([b.id]);
      expect(await ids({ q: 'san ui' })).toHaveLength(3);
      expect(await ids({ q: 'Binh' })).toEqual([]);
    });

    test('sorts by the nearest running clock, none last, and finds the overdue', async () => {
      const soon = makeComplaint({
        received_on: '2026-03-01',
        step_dates: { received: '2026-03-01' },
      });
      const later = makeComplaint({
        received_on: '2026-03-09',
        step_dates: { received: '2026-03-09' },
      });
      const done = makeComplaint({
        status: 'withdrawn',
        step_dates: { received: '2026-03-01', withdrawn: '2026-03-02' },
      });
      for (const x of [later, done, soon]) await store.complaints.insert(x, 'create', AUDIT);
      expect(await ids({ sort: 'deadline' })).toEqual([soon.id, later.id, done.id]);
      // Accept by 11/03 (10 days from 01/03) and by 19/03 (from 09/03).
      expect(await ids({ overdueOn: '2026-03-12' })).toEqual([soon.id]);
      expect((await ids({ onTimeOn: '2026-03-12' })).sort()).toEqual([later.id, done.id].sort());
    });

    test('an update is refused past a stale version, and the past reads as it stood', async () => {
      const c = makeComplaint();
      await store.complaints.insert(c, 'create', AUDIT);
      const accepted = stepped(c, 'accepted', '2026-03-12');
      expect(await store.complaints.update(accepted, 1, 'step:accepted', LATER)).toBe(true);
      expect(
        await store.complaints.update(
          stepped(c, 'forwarded', '2026-03-12'),
          1,
          'step:forwarded',
          LATER,
        ),
      ).toBe(false);
      expect((await store.complaints.get(c.id))?.properties.status).toBe('accepted');
      const before = await store.complaints.listAsOf('2026-03-11T00:00:00.000Z', ALL);
      expect(before.items.map((x) => x.properties.status)).toEqual(['received']);
      const past = await store.complaints.listAsOf('2026-03-11T00:00:00.000Z', {
        ...ALL,
        statuses: ['accepted'],
      });
      expect(past.total).toBe(0);
      const history = await store.complaints.history(c.id);
      expect(history.map((h) => [h.action, h.user])).toEqual([
        ['create', 'clerk-1'],
        ['step:accepted', 'clerk-2'],
      ]);
    });
  });
}
