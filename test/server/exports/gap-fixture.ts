/**
 * A small, fixed history of criteria gaps around February 2026, made through the service (real
 * wards and checks) with fixed ids, user and times, in a database file. February's export must
 * hold G1 (a street, as it stood at the month's end), G2 (no place: the whole urban area) and G3
 * (archived: staff only), and not G4 (January only) or G5 (March).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GapCreate } from '../../../server/domain/gaps/gap.ts';
import { Exporter } from '../../../server/exports/exporter.ts';
import { GapService } from '../../../server/services/gaps.ts';
import { createSqliteStore } from '../../../server/store/sqlite/sqlite-store.ts';
import { insideWard, reference, settableClock, square } from '../helpers.ts';
import { streetIn } from '../gap-fixtures.ts';
import type { ExportFixture } from './fixture.ts';

export const GAP_IDS = {
  g1: '00000000-0000-4000-8000-0000000000d1',
  g2: '00000000-0000-4000-8000-0000000000d2',
  g3: '00000000-0000-4000-8000-0000000000d3',
  g4: '00000000-0000-4000-8000-0000000000d4',
  g5: '00000000-0000-4000-8000-0000000000d5',
} as const;
export const FEBRUARY_GAPS = [GAP_IDS.g1, GAP_IDS.g2, GAP_IDS.g3];
export const FEBRUARY_PUBLIC_GAPS = [GAP_IDS.g1, GAP_IDS.g2];

export const MINH = { id: '00000000-0000-4000-8000-0000000001c0', username: 'minh' };

/** Rounded so the golden files do not depend on the last digit of a Turf point. */
function rounded<T>(geometry: T): T {
  return JSON.parse(
    JSON.stringify(geometry, (_, v) => (typeof v === 'number' ? Math.round(v * 1e6) / 1e6 : v)),
  );
}

export async function gapExportFixture(): Promise<ExportFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'uim-gap-fixture-'));
  const store = createSqliteStore(join(dir, 'fixture.sqlite'));
  const clock = settableClock('2026-01-20T03:00:00.000Z');
  const service = new GapService({
    store,
    wards: reference.wards,
    clock,
    areaName: reference.areaName,
    ruleSets: reference.ruleSets,
  });
  const start = clock.now().toISOString();
  await store.users.insert(
    {
      ...MINH,
      display_name: 'Lê Văn Minh',
      roles: ['planner', 'lead'],
      password_hash: null,
      password_changed_at: null,
      disabled_at: null,
      created_at: start,
      updated_at: start,
      version: 1,
    },
    { user: null, at: start },
  );
  const minh = { id: MINH.id, roles: ['planner', 'lead'] as const };
  const at = (iso: string) => clock.set(iso);
  const create = (id: string, geometry: unknown, properties: Partial<GapCreate['properties']>) =>
    service.create(
      {
        type: 'Feature',
        id,
        geometry: geometry === null ? null : (rounded(geometry) as GapCreate['geometry']),
        properties: {
          rule_set: 'nq111-2025-table2a',
          standard: 'III.09',
          scope: '2025-01840',
          title: '',
          ...properties,
        } as GapCreate['properties'],
      },
      minh,
    );

  // G1: a street without drainage, planned in February, measured again in March.
  at('2026-02-03T02:00:00.000Z');
  await create(GAP_IDS.g1, streetIn('2025-01840'), {
    title: 'Đường "Trường Chinh" <đoạn 2> & ngõ 5 chưa có cống',
    current_value: 2.4,
    target_value: 3,
    unit: 'km/km²',
    source_note: 'Khảo sát của phòng Quản lý đô thị, 01/2026',
  });
  at('2026-02-10T08:30:00.000Z');
  await service.move(GAP_IDS.g1, { to: 'planned' }, minh);
  at('2026-03-03T02:00:00.000Z');
  await service.update(GAP_IDS.g1, { properties: { current_value: 2.6 } }, minh);

  // G2: the whole urban area, no one place; an ordinal level as its value.
  at('2026-02-12T03:00:00.000Z');
  await create(GAP_IDS.g2, null, {
    standard: 'III.13',
    scope: 'urban',
    title: 'Chưa có nhà tang lễ',
    current_value: 'none',
    target_value: 'project',
  });

  // G3: entered twice by mistake, archived within the month.
  at('2026-02-15T03:00:00.000Z');
  await create(GAP_IDS.g3, square(insideWard('2025-01843'), 0.001), {
    standard: 'III.22',
    scope: '2025-01843',
    title: 'Nhập trùng',
  });
  at('2026-02-20T03:00:00.000Z');
  await service.setArchived(GAP_IDS.g3, true, { reason: 'Trùng' }, minh);

  // G4: January only; G5: the first instant of March, office time.
  at('2026-01-25T03:00:00.000Z');
  await create(GAP_IDS.g4, null, { standard: 'II.05', scope: 'urban', title: 'Chỉ tháng 1' });
  at('2026-02-28T17:00:00.000Z');
  await create(GAP_IDS.g5, null, { standard: 'II.05', scope: 'urban', title: 'Đầu tháng 3' });

  at('2026-03-10T03:00:00.000Z');
  const exporter = new Exporter({ store, clock, tempDir: join(dir, 'tmp') });
  return {
    store,
    clock,
    exporter,
    dir,
    close: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
