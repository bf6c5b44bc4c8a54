/**
 * `npm run import` beside a live server: refusals by index, the rest written, and the server's
 * map clusters showing the new records at once (another process's commit drops its cache).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DUC_XUAN_POINT, HANOI_POINT, insideWard, reportBody } from '../helpers.ts';
import { runScript, startServer, type ServerProcess } from './server-process.ts';

const AREA = '105.6,21.9,106.0,22.4';
let root: string;
let dataDir: string;
let server: ServerProcess | undefined;
let file: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'uim-import-cli-'));
  dataDir = join(root, 'data');
  server = await startServer(dataDir);
  file = join(root, 'violations.geojson');
  const features = [
    reportBody(DUC_XUAN_POINT, { description: 'Lấn chiếm vỉa hè' }, crypto.randomUUID()),
    reportBody(insideWard('2025-01849'), { kind: 'illegal_construction' }, crypto.randomUUID()),
    reportBody(HANOI_POINT),
    reportBody(insideWard('2025-01840'), {}, crypto.randomUUID()),
  ];
  writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features }, null, 1));
}, 120_000);

afterAll(async () => {
  await server?.stop();
  rmSync(root, { recursive: true, force: true });
});

const clustered = async () => {
  const res = await fetch(`${server!.url}/api/violations/clusters?bbox=${AREA}&zoom=9`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { numberMatched: number }).numberMatched;
};

describe('npm run import', () => {
  test('imports the good features, names the refused one by index, and the map shows them', async () => {
    expect(await clustered()).toBe(0);
    const run = await runScript('import', [file], dataDir);
    expect(run.output).toMatch(/feature 2: The position .* is outside the service area/);
    expect(run.output).toMatch(
      /Read 4 features in [\d.]+ s: 3 imported, 0 already there, 1 refused\./,
    );
    // Something was refused: a script must not take the import for complete.
    expect(run.status).toBe(1);
    expect(await clustered()).toBe(3);
  }, 120_000);

  test('run again, it adds nothing: the ids are records already', async () => {
    const run = await runScript('import', [file], dataDir);
    expect(run.output).toMatch(/0 imported, 3 already there, 1 refused/);
    expect(await clustered()).toBe(3);
  }, 120_000);

  test('refuses a file that is not a FeatureCollection, and a missing file, with a message', async () => {
    const single = join(root, 'one.geojson');
    writeFileSync(single, JSON.stringify(reportBody()));
    const wrong = await runScript('import', [single], dataDir);
    expect(wrong.status).toBe(1);
    expect(wrong.output).toMatch(/expected a GeoJSON FeatureCollection/);
    const missing = await runScript('import', [join(root, 'nowhere.geojson')], dataDir);
    expect(missing.status).toBe(2);
    expect(missing.output).toMatch(/There is no file/);
  }, 120_000);
});
