/**
 * The list as text (the API's answer) and with its geometry apart (the OGC API's) are the list
 * itself: for every reader, the same bytes JSON.stringify makes of what `list` answers, whether
 * put together by SQLite from the stored text (on a reader thread, for a database file) or parsed
 * and redacted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import type { Principal, Role } from '../../../server/domain/access/permissions.ts';
import { ViolationService } from '../../../server/services/violations.ts';
import { createSqliteStore } from '../../../server/store/sqlite/sqlite-store.ts';
import type { Store } from '../../../server/store/store.ts';
import { makeViolation, reference, settableClock, square, START } from '../helpers.ts';

let store: Store;
let service: ViolationService;
const audit = { user: null, at: START };
const filter = { limit: 50, offset: 0 };
const closing: (() => Promise<void>)[] = [];

/** The service on `store`, which is closed after the test. */
function serviceOn(opened: Store): ViolationService {
  store = opened;
  closing.push(() => opened.close());
  return (service = new ViolationService({
    store,
    wards: reference.wards,
    clock: settableClock(START),
    areaName: reference.areaName,
  }));
}

/** A store on a file, whose reads (and their text) come from a reader thread. */
function onFile(): ViolationService {
  const dir = mkdtempSync(join(tmpdir(), 'uim-list-text-'));
  closing.push(async () => rmSync(dir, { recursive: true, force: true }));
  return serviceOn(createSqliteStore(join(dir, 'test.sqlite'), { readers: 1 }));
}

beforeEach(async () => {
  serviceOn(createSqliteStore(':memory:'));
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

afterEach(async () => {
  for (const close of closing.splice(0)) await close();
});

const asText = (features: unknown[]) => features.map((f) => JSON.stringify(f)).join(',');

test.each(readers)('as text, the list %s is given is the same bytes', async (_, reader) => {
  const page = await service.list(filter, undefined, reader);
  expect(page.items).toHaveLength(2);
  const text = await service.listText(filter, undefined, reader);
  expect(text.total).toBe(page.total);
  expect(text.returned).toBe(2);
  expect(Buffer.from(text.text).toString('utf8')).toBe(asText(page.items));
});

test('a page of a view and its count, as text from a reader thread, are the list', async () => {
  const lead = readers.find(([role]) => role === 'lead')![1];
  onFile();
  for (let i = 0; i < 6; i++) {
    const at = `2026-03-0${i + 1}T01:00:00.000Z`;
    await store.violations.insert(makeViolation({ observed_at: at }), 'create', audit);
  }
  // A box around the seeded point, and a page that is not the last: the count is the box's.
  const view = { bbox: [105.8, 22.1, 105.9, 22.2] as [number, number, number, number] };
  for (const [limit, offset] of [
    [3, 0],
    [3, 3],
    [50, 0],
  ] as const) {
    const page = await service.list({ ...view, limit, offset }, undefined, lead);
    const text = await service.listText({ ...view, limit, offset }, undefined, lead);
    expect(Buffer.from(text.text).toString('utf8')).toBe(asText(page.items));
    expect([text.returned, text.total]).toEqual([page.items.length, page.total]);
    expect(text.total).toBe(6);
  }
});

test('a record stored with an overdue of its own is written as the list writes it', async () => {
  onFile();
  const odd = makeViolation({ deadline: '2026-03-01' });
  (odd.properties as unknown as Record<string, unknown>).overdue = 'stored';
  await store.violations.insert(odd, 'create', audit);
  const lead = readers.find(([role]) => role === 'lead')![1];
  const page = await service.list(filter, undefined, lead);
  expect(page.items.find((f) => f.id === odd.id)!.properties.overdue).toBe(true);
  const text = await service.listText(filter, undefined, lead);
  expect(Buffer.from(text.text).toString('utf8')).toBe(asText(page.items));
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

test.each(readers)(
  'the count of a page that is not full, for %s, is the matches before it and on it',
  async (_, reader) => {
    const count = async (limit: number, offset: number) => {
      const { total, returned } = await service.listText({ limit, offset }, undefined, reader);
      return [total, returned];
    };
    expect(await count(1, 0)).toEqual([2, 1]);
    expect(await count(1, 1)).toEqual([2, 1]);
    expect(await count(5, 1)).toEqual([2, 1]);
    expect(await count(5, 7)).toEqual([2, 0]);
    expect((await service.listText({ limit: 5, offset: 7 }, undefined, reader)).text).toHaveLength(
      0,
    );
  },
);
