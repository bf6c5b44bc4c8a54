import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { FeatureStreamError } from '../../../server/import/feature-stream.ts';
import { importFile } from '../../../server/import/file-import.ts';
import type { ImportRefusal } from '../../../server/import/violation-import.ts';
import { createSqliteStore } from '../../../server/store/sqlite/sqlite-store.ts';
import { openDatabase } from '../../../server/store/sqlite/database.ts';
import { DUC_XUAN_POINT, HANOI_POINT, insideWard, reportBody, square } from '../helpers.ts';

const root = mkdtempSync(join(tmpdir(), 'uim-file-import-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
// Each import starts a worker thread, which loads the TypeScript loader and the wards first.
const SLOW = 60_000;
let n = 0;

/** A fresh database file with the schema, and a file holding the features. */
async function setup(
  features: unknown[],
  text = JSON.stringify({ type: 'FeatureCollection', features }),
) {
  const dir = join(root, String(n++));
  const database = join(dir, 'db.sqlite');
  const file = join(dir, 'in.geojson');
  mkdirSync(dir);
  await createSqliteStore(database).close();
  writeFileSync(file, text);
  return { database, file };
}

async function run(database: string, file: string, batchSize = 2) {
  const refused: ImportRefusal[] = [];
  const progress: number[] = [];
  const db = openDatabase(database);
  try {
    const report = await importFile(file, db, {
      batchSize,
      onRefused: (r) => refused.push(r),
      onProgress: (r) => progress.push(r.read),
    });
    return { report, refused, progress };
  } finally {
    db.close();
  }
}

const ids = Array.from({ length: 5 }, () => crypto.randomUUID());

describe('importFile: a worker checks the features while this thread writes', () => {
  test(
    'writes each good feature with its version row, box and search text, across batches',
    async () => {
      const features = [
        reportBody(insideWard('2025-01843'), { description: 'Quầy bánh mì trên vỉa hè' }, ids[0]),
        {
          ...reportBody(DUC_XUAN_POINT, { kind: 'illegal_grading' }, ids[1]),
          geometry: square(DUC_XUAN_POINT, 0.0004),
        },
        reportBody(insideWard('2025-01849'), {}, ids[2]),
      ];
      const { database, file } = await setup(features);
      const { report, refused, progress } = await run(database, file);
      expect(refused).toEqual([]);
      expect(report).toEqual({ read: 3, imported: 3, existing: 0, refused: 0 });
      // Two transactions of at most two records, reported as each is written.
      expect(progress).toEqual([2, 3]);
      const store = createSqliteStore(database);
      try {
        const first = (await store.violations.get(ids[0]!))!;
        expect(first.properties).toMatchObject({
          status: 'reported',
          description: 'Quầy bánh mì trên vỉa hè',
          ward: { code: '2025-01843' },
        });
        const history = await store.violations.history(ids[0]!);
        expect(history.map((h) => [h.action, h.version, h.before, h.after])).toEqual([
          ['import', 1, null, first],
        ]);
        expect((await store.violations.get(ids[1]!))!.geometry.type).toBe('Polygon');
        expect((await store.violations.list({ q: 'banh mi', limit: 10, offset: 0 })).total).toBe(1);
        const [x, y] = DUC_XUAN_POINT as [number, number];
        const near = {
          bbox: [x - 0.001, y - 0.001, x + 0.001, y + 0.001] as [number, number, number, number],
        };
        expect(
          (await store.violations.list({ ...near, limit: 10, offset: 0 })).items.map((v) => v.id),
        ).toEqual([ids[1]]);
      } finally {
        await store.close();
      }
    },
    SLOW,
  );

  test(
    'refuses bad features by their index, as the API would, and imports the rest',
    async () => {
      const features = [
        reportBody(DUC_XUAN_POINT, {}, ids[0]),
        reportBody(DUC_XUAN_POINT, { kind: 'graffiti' }),
        reportBody(HANOI_POINT),
        'a string',
        reportBody(DUC_XUAN_POINT, { observed_at: '2099-01-01T00:00:00Z' }),
        reportBody(DUC_XUAN_POINT, {}, ids[1]),
      ];
      const { database, file } = await setup(features);
      const { report, refused } = await run(database, file);
      expect(report).toEqual({ read: 6, imported: 2, existing: 0, refused: 4 });
      expect(refused.map((r) => r.index)).toEqual([1, 2, 3, 4]);
      expect(refused[0]!.message).toMatch(/^properties\.kind: /);
      expect(refused[1]!.message).toMatch(/outside|service area/i);
      expect(refused[3]!.message).toMatch(/future/);
    },
    SLOW,
  );

  test(
    'run again, the same file adds nothing: records with the same id are left as they are',
    async () => {
      const features = ids.map((id) => reportBody(DUC_XUAN_POINT, {}, id));
      const { database, file } = await setup(features);
      await run(database, file);
      const again = await run(database, file, 3);
      expect(again.report).toEqual({ read: 5, imported: 0, existing: 5, refused: 0 });
      const store = createSqliteStore(database);
      try {
        expect((await store.violations.list({ limit: 10, offset: 0 })).total).toBe(5);
        expect(await store.violations.history(ids[0]!)).toHaveLength(1);
      } finally {
        await store.close();
      }
    },
    SLOW,
  );

  test(
    'a file that is not a FeatureCollection fails with the reason, and writes nothing',
    async () => {
      const { database, file } = await setup([], JSON.stringify(reportBody()));
      await expect(run(database, file)).rejects.toThrow(FeatureStreamError);
      await expect(run(database, file)).rejects.toThrow(/expected a GeoJSON FeatureCollection/);
      const store = createSqliteStore(database);
      try {
        expect((await store.violations.list({ limit: 10, offset: 0 })).total).toBe(0);
      } finally {
        await store.close();
      }
    },
    SLOW,
  );
});
