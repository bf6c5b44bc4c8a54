/**
 * The list as text (the API's answer) and with its geometry apart (the OGC API's) are the list
 * itself: for every reader, the same bytes JSON.stringify makes of what `list` answers, whether
 * put together from the stored text or parsed and redacted.
 */
import { beforeEach, expect, test } from 'vitest';
import type { Principal, Role } from '../../../server/domain/access/permissions.ts';
import { ViolationService } from '../../../server/services/violations.ts';
import { createSqliteStore } from '../../../server/store/sqlite/sqlite-store.ts';
import type { Store } from '../../../server/store/store.ts';
import { makeViolation, reference, settableClock, square, START } from '../helpers.ts';

let store: Store;
let service: ViolationService;
const audit = { user: null, at: START };
const filter = { limit: 50, offset: 0 };

beforeEach(async () => {
  store = createSqliteStore(':memory:');
  service = new ViolationService({
    store,
    wards: reference.wards,
    clock: settableClock(START),
    areaName: reference.areaName,
  });
  await store.violations.insert(makeViolation({ deadline: '2026-03-01' }), 'create', audit);
  await store.violations.insert(
    makeViolation(
      {
        description: 'Ghi chú có "overdue": và \u0001 ký tự lạ',
        violator: { name: 'Nguyễn Văn Bình', id_number: '019088000123', address: 'Tổ 7' },
        notes: [{ id: crypto.randomUUID(), at: START, by: null, text: 'Bí mật nội bộ' }],
        observed_at: '2026-03-01T00:00:00.000Z',
      },
      square([105.834, 22.147], 0.001),
    ),
    'create',
    audit,
  );
});

const readers: [string, Principal | null][] = (
  ['viewer', 'inspector', 'planner', 'lead', 'admin'] as Role[]
).map((role) => [role, { id: crypto.randomUUID(), roles: [role] }]);
readers.push(['anonymous', null]);

test.each(readers)('as text, the list %s is given is the same bytes', async (_, reader) => {
  const page = await service.list(filter, undefined, reader);
  expect(page.items).toHaveLength(2);
  const json = await service.listJson(filter, undefined, reader);
  expect(json.total).toBe(page.total);
  expect(json.items).toEqual(page.items.map((f) => JSON.stringify(f)));
});

test.each(readers)(
  'with its geometry apart, the list %s is given is the same',
  async (_, reader) => {
    const page = await service.list(filter, undefined, reader);
    const parts = await service.listGeometryJson(filter, reader);
    expect(parts.total).toBe(page.total);
    expect(parts.items.map((p) => p.geometryJson)).toEqual(
      page.items.map((f) => JSON.stringify(f.geometry)),
    );
    expect(parts.items.map((p) => ({ ...p.feature, geometry: null }))).toEqual(
      page.items.map((f) => ({ ...f, geometry: null })),
    );
  },
);

test('the count of a page that is not full is the matches before it and on it', async () => {
  expect((await service.listJson({ limit: 1, offset: 0 }, undefined, null)).total).toBe(2);
  expect((await service.listJson({ limit: 1, offset: 1 }, undefined, null)).total).toBe(2);
  expect((await service.listJson({ limit: 5, offset: 1 }, undefined, null)).total).toBe(2);
  expect(await service.listJson({ limit: 5, offset: 7 }, undefined, null)).toEqual({
    total: 2,
    items: [],
  });
});
