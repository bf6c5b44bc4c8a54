import { describe, expect, test } from 'vitest';
import { featuresOf } from '../../../server/import/feature-stream.ts';
import { importViolations, type ImportRefusal } from '../../../server/import/violation-import.ts';
import { ViolationService } from '../../../server/services/violations.ts';
import { createSqliteStore } from '../../../server/store/sqlite/sqlite-store.ts';
import {
  DUC_XUAN_POINT,
  HANOI_POINT,
  insideWard,
  reference,
  reportBody,
  settableClock,
  START,
} from '../helpers.ts';

function setup() {
  const store = createSqliteStore(':memory:');
  const clock = settableClock(START);
  const service = new ViolationService({
    store,
    wards: reference.wards,
    clock,
    areaName: reference.areaName,
  });
  return { store, clock, service };
}

async function* once(text: string) {
  yield text;
}

async function run(features: unknown[], deps: ReturnType<typeof setup>, batchSize = 2) {
  const refused: ImportRefusal[] = [];
  const text = JSON.stringify({ type: 'FeatureCollection', features });
  const report = await importViolations(featuresOf(once(text)), deps, {
    batchSize,
    onRefused: (r) => refused.push(r),
  });
  return { report, refused };
}

const ids = Array.from({ length: 5 }, () => crypto.randomUUID());

describe('importViolations', () => {
  test('writes each good feature as a new report with its version row, across batches', async () => {
    const deps = setup();
    const features = ids.map((id, i) =>
      reportBody(
        insideWard('2025-01843'),
        {
          description: `Vi phạm ở ${['Đức Xuân', 'chợ', 'cầu', 'bến', 'đồi'][i]}`,
          observed_at: '2026-03-01T02:00:00Z',
        },
        id,
      ),
    );
    const { report, refused } = await run(features, deps);
    expect(refused).toEqual([]);
    expect(report).toEqual({ read: 5, imported: 5, existing: 0, refused: 0 });
    const page = await deps.store.violations.list({ limit: 10, offset: 0 });
    expect(page.total).toBe(5);
    const first = (await deps.store.violations.get(ids[0]!))!;
    expect(first.properties).toMatchObject({
      status: 'reported',
      description: 'Vi phạm ở Đức Xuân',
      observed_at: '2026-03-01T02:00:00.000Z',
      ward: { code: '2025-01843' },
      created_at: START,
    });
    const history = await deps.store.violations.history(ids[0]!);
    expect(history.map((h) => [h.action, h.version, h.before, h.after?.id])).toEqual([
      ['import', 1, null, ids[0]],
    ]);
    // Text search and the bbox index know the imported records too.
    expect((await deps.store.violations.list({ q: 'duc xuan', limit: 10, offset: 0 })).total).toBe(
      1,
    );
  });

  test('refuses bad features by their index, as the API would, and imports the rest', async () => {
    const deps = setup();
    const features = [
      reportBody(DUC_XUAN_POINT, {}, ids[0]),
      reportBody(DUC_XUAN_POINT, { kind: 'graffiti' }),
      reportBody(HANOI_POINT),
      {
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [200, 22] },
        properties: { kind: 'other', description: 'x' },
      },
      'a string',
      reportBody(DUC_XUAN_POINT, { description: '' }),
      reportBody(DUC_XUAN_POINT, { observed_at: '2099-01-01T00:00:00Z' }),
      { ...reportBody(), id: 'not-a-uuid' },
      reportBody(DUC_XUAN_POINT, {}, ids[1]),
    ];
    const { report, refused } = await run(features, deps);
    expect(report).toEqual({ read: 9, imported: 2, existing: 0, refused: 7 });
    expect(refused.map((r) => r.index)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(refused[0]!.message).toMatch(/^properties\.kind: /);
    expect(refused[1]!.message).toMatch(/outside|service area/i);
    expect(refused[2]!.message).toMatch(/out of range/);
    expect(refused[5]!.message).toMatch(/future/);
    expect(refused[6]!.message).toMatch(/^id: /);
    expect((await deps.store.violations.list({ limit: 10, offset: 0 })).total).toBe(2);
  });

  test('run again, the same file adds nothing: records with the same id are left as they are', async () => {
    const deps = setup();
    const features = ids.map((id) => reportBody(DUC_XUAN_POINT, {}, id));
    await run(features, deps);
    deps.clock.set('2026-03-11T03:00:00.000Z');
    const again = await run([...features, reportBody(DUC_XUAN_POINT)], deps, 4);
    expect(again.report).toEqual({ read: 6, imported: 1, existing: 5, refused: 0 });
    expect((await deps.store.violations.list({ limit: 10, offset: 0 })).total).toBe(6);
    expect(await deps.store.violations.history(ids[0]!)).toHaveLength(1);
  });

  test('a feature that is not JSON is refused at its index', async () => {
    const deps = setup();
    const text = `{"type":"FeatureCollection","features":[${JSON.stringify(reportBody())},{"type":Feature}]}`;
    const refused: ImportRefusal[] = [];
    const report = await importViolations(featuresOf(once(text)), deps, {
      onRefused: (r) => refused.push(r),
    });
    expect(report).toMatchObject({ imported: 1, refused: 1 });
    expect(refused).toEqual([{ index: 1, message: expect.stringMatching(/^not valid JSON/) }]);
  });
});
