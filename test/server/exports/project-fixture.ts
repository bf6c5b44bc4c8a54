/**
 * A small, fixed history of clearance projects around February 2026, made through the service
 * (real areas, wards and deadlines) with fixed ids, user and times, in a database file. February's
 * export must hold P1 (as it stood at the month's end), P2 and P3 (archived: staff only), and not
 * P4 (January only) or P5 (March).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProjectCreate } from '../../../server/domain/projects/project.ts';
import { Exporter } from '../../../server/exports/exporter.ts';
import { ProjectService } from '../../../server/services/projects.ts';
import { createSqliteStore } from '../../../server/store/sqlite/sqlite-store.ts';
import { insideWard, reference, settableClock } from '../helpers.ts';
import { gridSquare } from '../project-fixtures.ts';
import type { ExportFixture } from './fixture.ts';

export const PROJECT_IDS = {
  p1: '00000000-0000-4000-8000-0000000000a1',
  p2: '00000000-0000-4000-8000-0000000000a2',
  p3: '00000000-0000-4000-8000-0000000000a3',
  p4: '00000000-0000-4000-8000-0000000000a4',
  p5: '00000000-0000-4000-8000-0000000000a5',
} as const;
export const FEBRUARY_PROJECTS = [PROJECT_IDS.p1, PROJECT_IDS.p2, PROJECT_IDS.p3];
export const FEBRUARY_PUBLIC_PROJECTS = [PROJECT_IDS.p1, PROJECT_IDS.p2];

export const HA = { id: '00000000-0000-4000-8000-0000000001b0', username: 'ha' };
/** Staff-only text: it must never reach a public file. */
export const P2_OBSTACLE = 'Hai hộ chưa đồng ý đơn giá; mồ mả chưa di dời';

export async function projectExportFixture(): Promise<ExportFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'uim-project-fixture-'));
  const store = createSqliteStore(join(dir, 'fixture.sqlite'));
  const clock = settableClock('2026-01-20T03:00:00.000Z');
  const service = new ProjectService({
    store,
    wards: reference.wards,
    clock,
    areaName: reference.areaName,
  });
  const start = clock.now().toISOString();
  await store.users.insert(
    {
      ...HA,
      display_name: 'Trần Thu Hà',
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
  const ha = { id: HA.id, roles: ['planner', 'lead'] as const };
  const at = (iso: string) => clock.set(iso);
  const create = (id: string, geometry: object, properties: ProjectCreate['properties']) =>
    service.create({ type: 'Feature', id, geometry: { type: '', ...geometry }, properties }, ha);

  // P1: noticed a year before (other land), counted in February, renamed in March. Its notice
  // lapsed on 15/1/2026 without an approval: overdue at the end of February.
  at('2026-01-20T03:00:00.000Z');
  await create(PROJECT_IDS.p1, gridSquare(insideWard('2025-01843'), 120), {
    name: 'Kè suối Nông Thượng',
    code: 'GPMB-2025-07',
    investor: 'Ban QLDA đầu tư xây dựng tỉnh',
    land_type: 'other',
    stage_dates: { announced: '2025-01-15' },
    households: { total: 12, counted: 0, agreed: 0, paid: 0, handed_over: 0 },
  });
  at('2026-02-05T02:00:00.000Z');
  await service.move(PROJECT_IDS.p1, { to: 'counting', date: '2026-02-04' }, ha);
  at('2026-03-03T02:00:00.000Z');
  await service.update(
    PROJECT_IDS.p1,
    { properties: { name: 'Kè suối Nông Thượng (giai đoạn 2)' } },
    ha,
  );

  // P2: two parcels in two wards, blocked by an obstacle only staff may read.
  at('2026-02-10T08:30:00.000Z');
  await create(
    PROJECT_IDS.p2,
    {
      type: 'MultiPolygon',
      coordinates: [
        gridSquare(insideWard('2025-01840'), 100).coordinates,
        gridSquare(insideWard('2025-01849'), 50).coordinates,
      ],
    },
    {
      name: 'Đường "vành đai" <Đức Xuân> & Phong Quang',
      land_type: 'agricultural',
      stage: 'plan_posted',
      stage_dates: { announced: '2025-11-03', counting: '2025-12-01', plan_posted: '2026-02-09' },
      households: { total: 30, counted: 30, agreed: 21, paid: 0, handed_over: 0 },
      blocked: true,
      obstacles: [
        { id: '00000000-0000-4000-8000-0000000000c1', text: P2_OBSTACLE, since: '2026-02-09' },
      ],
    },
  );

  // P3: entered twice by mistake, archived within the month.
  at('2026-02-12T03:00:00.000Z');
  await create(PROJECT_IDS.p3, gridSquare(insideWard('2025-01840'), 60), {
    name: 'Nhập trùng',
    land_type: 'other',
  });
  at('2026-02-20T03:00:00.000Z');
  await service.setArchived(PROJECT_IDS.p3, true, { reason: 'Trùng với P2' }, ha);

  // P4: January only; P5: the first instant of March, office time.
  at('2026-01-25T03:00:00.000Z');
  await create(PROJECT_IDS.p4, gridSquare(insideWard('2025-01849'), 80), {
    name: 'Chỉ tháng 1',
    land_type: 'agricultural',
  });
  at('2026-02-28T17:00:00.000Z');
  await create(PROJECT_IDS.p5, gridSquare(insideWard('2025-01849'), 80), {
    name: 'Đầu tháng 3',
    land_type: 'agricultural',
  });

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
