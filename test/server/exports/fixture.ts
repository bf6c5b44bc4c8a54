/**
 * A small, fixed history for export tests: violations created and changed around February 2026
 * through the service (real deadlines and wards), with fixed ids, users and times, in a database
 * file (the production path: exports read on a connection of their own). February's export must
 * hold A (as it stood at the month's end), B, D, E and F, and not C, G or H.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Position } from 'geojson';
import { Exporter } from '../../../server/exports/exporter.ts';
import type { RecordGeometry } from '../../../server/domain/geometry.ts';
import type { ViolationCreate } from '../../../server/domain/violations/violation.ts';
import { ViolationService } from '../../../server/services/violations.ts';
import { createSqliteStore } from '../../../server/store/sqlite/sqlite-store.ts';
import type { Store } from '../../../server/store/store.ts';
import { insideWard, reference, settableClock, square, type TestClock } from '../helpers.ts';

/** Fixed ids, in the order the export writes them (by id). */
export const IDS = {
  a: '00000000-0000-4000-8000-00000000000a',
  b: '00000000-0000-4000-8000-00000000000b',
  c: '00000000-0000-4000-8000-00000000000c',
  d: '00000000-0000-4000-8000-00000000000d',
  e: '00000000-0000-4000-8000-00000000000e',
  f: '00000000-0000-4000-8000-00000000000f',
  g: '00000000-0000-4000-8000-000000000010',
  h: '00000000-0000-4000-8000-000000000011',
} as const;
export const FEBRUARY_IDS = [IDS.a, IDS.b, IDS.d, IDS.e, IDS.f];
/** What the public file holds: E was archived before the month ended. */
export const FEBRUARY_PUBLIC_IDS = [IDS.a, IDS.b, IDS.d, IDS.f];

export const LAN = { id: '00000000-0000-4000-8000-0000000001a0', username: 'lan' };
/** A leading dash (a formula to Excel), quotes, angle brackets, a line break, a control character. */
export const B_DESCRIPTION =
  '- Đổ đất "trái phép" <san lấp> & lấn 30 m² đất công\nđ/Đ: Đức Xuân\u0001';
export const B_VIOLATOR = { name: 'Nguyễn Văn Bình', id_number: '019088000123', address: 'Tổ 7' };
export const B_NOTE = 'Quay lại hiện trường: vẫn còn máy xúc';

/** A square with a square hole in it. */
function squareWithHole([lon, lat]: Position, size: number): RecordGeometry {
  const [x, y] = [lon!, lat!];
  const [hx, hy, h] = [x + size / 4, y + size / 4, size / 4];
  const outer = square([x, y], size).coordinates[0] as Position[];
  const hole: Position[] = [
    [hx, hy],
    [hx, hy + h],
    [hx + h, hy + h],
    [hx + h, hy],
    [hx, hy],
  ];
  return { type: 'Polygon', coordinates: [outer, hole] };
}

export interface ExportFixture {
  store: Store;
  clock: TestClock;
  exporter: Exporter;
  dir: string;
  close(): Promise<void>;
}

/** The history; the clock ends on 2026-03-10, so February has ended and March has not. */
export async function exportFixture(): Promise<ExportFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'uim-export-fixture-'));
  const store = createSqliteStore(join(dir, 'fixture.sqlite'));
  const clock = settableClock('2026-01-20T03:00:00.000Z');
  const service = new ViolationService({
    store,
    wards: reference.wards,
    clock,
    areaName: reference.areaName,
  });
  const start = clock.now().toISOString();
  await store.users.insert(
    {
      ...LAN,
      display_name: 'Nguyễn Thị Lan',
      roles: ['inspector', 'planner', 'lead'],
      password_hash: null,
      password_changed_at: null,
      disabled_at: null,
      created_at: start,
      updated_at: start,
      version: 1,
    },
    { user: null, at: start },
  );
  const lan = { id: LAN.id, roles: ['inspector', 'planner', 'lead'] as const };
  const at = (iso: string) => clock.set(iso);
  const create = (
    id: string,
    geometry: RecordGeometry,
    properties: ViolationCreate['properties'],
  ) => service.create({ type: 'Feature', id, geometry: { ...geometry }, properties }, lan);
  const point = (code: string): RecordGeometry => ({
    type: 'Point',
    coordinates: insideWard(code),
  });

  // A: reported in January, recorded in February (its decision then falls due), edited in March.
  at('2026-01-20T03:00:00.000Z');
  await create(IDS.a, point('2025-01840'), {
    kind: 'road_encroachment',
    description: 'Lấn chiếm lòng đường bán hàng',
    address: 'Đường Trường Chinh',
  });
  at('2026-02-05T02:00:00.000Z');
  await service.step(IDS.a, { to: 'verified' }, lan);
  await service.step(IDS.a, { to: 'recorded', record_number: '12/BB-TTĐT' }, lan);
  at('2026-03-03T02:00:00.000Z');
  await service.update(IDS.a, { properties: { description: 'Sửa sau tháng 2' } }, lan);

  // B: a graded area with a hole, a violator and a note; hostile text for CSV and KML.
  at('2026-02-10T08:30:00.000Z');
  await create(IDS.b, squareWithHole(insideWard('2025-01849'), 0.002), {
    kind: 'illegal_grading',
    description: B_DESCRIPTION,
    violator: B_VIOLATOR,
  });
  await service.note(IDS.b, { text: B_NOTE }, lan);

  // C: the last millisecond of January, office time; D: the first of February.
  at('2026-01-31T16:59:59.999Z');
  await create(IDS.c, point('2025-01843'), { kind: 'other', description: 'Cuối tháng 1' });
  at('2026-01-31T17:00:00.000Z');
  await create(IDS.d, point('2025-01843'), {
    kind: 'sidewalk_encroachment',
    description: 'Đầu tháng 2',
  });

  // E: reported, then archived within the month: staff see it archived, the public not at all.
  at('2026-02-12T03:00:00.000Z');
  await create(IDS.e, point('2025-01840'), { kind: 'other', description: 'Báo trùng' });
  at('2026-02-20T03:00:00.000Z');
  await service.setArchived(IDS.e, true, { reason: 'Trùng với vụ A' }, lan);

  // F: the last millisecond of February; G: the first of March.
  at('2026-02-28T16:59:59.999Z');
  await create(IDS.f, point('2025-01840'), {
    kind: 'illegal_construction',
    description: 'Cuối tháng 2',
  });
  at('2026-02-28T17:00:00.000Z');
  await create(IDS.g, point('2025-01840'), {
    kind: 'illegal_construction',
    description: 'Đầu tháng 3',
  });

  // H: January only.
  at('2026-01-25T03:00:00.000Z');
  await create(IDS.h, point('2025-01849'), {
    kind: 'land_encroachment',
    description: 'Chỉ tháng 1',
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

/** A file's bytes, read whole (fixture files are small). */
export async function bytesOf(chunks: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts);
}
