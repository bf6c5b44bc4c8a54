/**
 * The export archive: each ended month written once into its folder, every format in both views,
 * with a SHA256SUMS that `sha256sum -c` accepts; a pass cut short is finished by the next one.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  archivedFile,
  ExportArchive,
  listArchive,
  SUMS_FILE,
} from '../../../server/exports/archive.ts';
import { ALL_PERMISSIONS } from '../../../server/exports/exporter.ts';
import { bytesOf, exportFixture, type ExportFixture } from './fixture.ts';

const MONTH_FILES = (month: string) =>
  ['csv', 'geojson', 'gpkg', 'kml'].flatMap((f) => [`${month}.${f}`, `${month}-public.${f}`]);

let fixture: ExportFixture;
let dir: string;
let archive: ExportArchive;
beforeEach(async () => {
  fixture = await exportFixture();
  dir = join(fixture.dir, 'exports');
  archive = new ExportArchive({
    exporter: fixture.exporter,
    store: fixture.store,
    clock: fixture.clock,
    dir,
  });
});
afterEach(async () => {
  await fixture.close();
});

const archived = () => readdirSync(dir).sort();
const sums = () => readFileSync(join(dir, SUMS_FILE), 'utf8');

describe('the export archive', () => {
  test('writes every ended month since the first record, both views, every format', async () => {
    const written = await archive.run();
    const expected = [...MONTH_FILES('2026-01'), ...MONTH_FILES('2026-02')].sort();
    expect(written.sort()).toEqual(expected);
    // March has not ended: it is not archived.
    expect(archived()).toEqual([...expected, SUMS_FILE].sort());
  });

  test('SHA256SUMS lists every file, and sha256sum -c agrees', async () => {
    await archive.run();
    const lines = sums().trim().split('\n');
    expect(lines).toHaveLength(16);
    for (const line of lines) expect(line).toMatch(/^[0-9a-f]{64} {2}2026-0[12](-public)?\.\w+$/);
    const check = execFileSync('sha256sum', ['-c', SUMS_FILE], { cwd: dir, encoding: 'utf8' });
    expect(check.match(/: OK$/gm)).toHaveLength(16);
  });

  test('an archived file is the same bytes the API sends', async () => {
    await archive.run();
    for (const name of ['2026-02.geojson', '2026-02-public.csv', '2026-02.gpkg']) {
      const [month, rest] = [name.slice(0, 7), name.slice(8)];
      const file = await fixture.exporter.open(
        { month, format: rest.split('.').pop() as never, public: rest.startsWith('public') },
        ALL_PERMISSIONS,
      );
      expect(file.name).toBe(name);
      const sent = await bytesOf(fixture.exporter.chunks(file));
      expect(sent.equals(readFileSync(join(dir, name))), name).toBe(true);
    }
  });

  test('a second pass writes nothing and touches nothing', async () => {
    await archive.run();
    const before = Object.fromEntries(archived().map((f) => [f, statSync(join(dir, f)).mtimeMs]));
    expect(await archive.run()).toEqual([]);
    const after = Object.fromEntries(archived().map((f) => [f, statSync(join(dir, f)).mtimeMs]));
    expect(after).toEqual(before);
  });

  test('a month is archived once it has ended, at local midnight', async () => {
    await archive.run();
    // 31 March 23:59:59 local: March goes on.
    fixture.clock.set('2026-03-31T16:59:59.000Z');
    expect(await archive.run()).toEqual([]);
    fixture.clock.set('2026-03-31T17:00:00.000Z');
    expect((await archive.run()).sort()).toEqual(MONTH_FILES('2026-03').sort());
  });

  test('a pass cut short is finished by the next: the month is written again, the same bytes', async () => {
    await archive.run();
    const complete = sums();
    // As if killed while writing February: its sums never written, a half-written file left.
    const january = complete
      .split('\n')
      .filter((l) => l.includes('2026-01'))
      .join('\n');
    writeFileSync(join(dir, SUMS_FILE), `${january}\n`);
    writeFileSync(join(dir, '.2026-02.csv.tmp'), 'half a file');
    writeFileSync(join(dir, '.2026-02.gpkg.tmp-journal'), 'a journal');
    expect((await archive.run()).sort()).toEqual(MONTH_FILES('2026-02').sort());
    expect(sums()).toBe(complete);
    expect(archived().filter((f) => f.startsWith('.'))).toEqual([]);
  });

  test('runs one pass at a time', async () => {
    const [first, second] = [archive.run(), archive.run()];
    expect(second).toBe(first);
    await first;
  });

  test('with no record at all there is nothing to archive', async () => {
    const empty = new ExportArchive({
      exporter: fixture.exporter,
      store: {
        ...fixture.store,
        versions: { ...fixture.store.versions, firstChange: async () => null },
      },
      clock: fixture.clock,
      dir: join(fixture.dir, 'empty'),
    });
    expect(await empty.run()).toEqual([]);
  });
});

describe('reading the archive', () => {
  test('lists the files, newest month first, with size and sum', async () => {
    await archive.run();
    const files = await listArchive(dir);
    expect(files).toHaveLength(16);
    expect(files[0]).toMatchObject({ month: '2026-02', name: '2026-02-public.csv' });
    const geojson = files.find((f) => f.name === '2026-01.geojson')!;
    expect(geojson).toMatchObject({ month: '2026-01', format: 'geojson', public: false });
    expect(geojson.bytes).toBe(statSync(join(dir, geojson.name)).size);
    expect(sums()).toContain(`${geojson.sha256}  2026-01.geojson`);
  });

  test('an empty or missing folder lists nothing', async () => {
    expect(await listArchive(join(fixture.dir, 'nowhere'))).toEqual([]);
  });

  test.each(['../fixture.sqlite', SUMS_FILE, '.2026-02.csv.tmp', '2026-03.csv', '2026-02.xlsx'])(
    'finds no file "%s": only what SHA256SUMS lists is served',
    async (name) => {
      await archive.run();
      writeFileSync(join(dir, '.2026-02.csv.tmp'), 'x');
      await expect(archivedFile(dir, name)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    },
  );
});
