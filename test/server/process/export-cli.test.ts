/**
 * `npm run export` beside a live server, and the archive a server writes when it starts: the CLI
 * makes the same bytes as the API, and the archive holds every ended month since the first record.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createSqliteStore } from '../../../server/store/sqlite/sqlite-store.ts';
import { gdalTool, layersOf, ogrSummary } from '../gdal.ts';
import { makeViolation } from '../helpers.ts';
import { runScript, startServer, userWithToken, type ServerProcess } from './server-process.ts';

/** A month long past whenever the tests run, inside the 2025 units' time. */
const MONTH = '2025-10';
const VIOLATOR = 'Đinh Thị Mai';

let root: string;
let dataDir: string;
let server: ServerProcess | undefined;
let token: string;

beforeAll(async () => {
  gdalTool('ogrinfo');
  root = mkdtempSync(join(tmpdir(), 'uim-export-cli-'));
  dataDir = join(root, 'data');
  server = await startServer(dataDir);
  token = await userWithToken(server.url, 'lan', ['lead']);
  // Records from October 2025, written beside the live server as an import would.
  const store = createSqliteStore(join(dataDir, 'urban-issue-map.sqlite'));
  try {
    for (let day = 10; day < 13; day++) {
      const at = `${MONTH}-${day}T03:00:00.000Z`;
      const v = makeViolation({
        created_at: at,
        description: `Xây dựng sai phép ngày ${day}`,
        violator: { name: VIOLATOR },
      });
      await store.violations.insert(v, 'create', { user: null, at });
    }
  } finally {
    await store.close();
  }
}, 60_000);
afterAll(async () => {
  await server?.stop();
  rmSync(root, { recursive: true, force: true });
});

const out = (name: string) => join(root, name);
const api = async (path: string) => {
  const res = await fetch(`${server!.url}${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()) };
};

describe('npm run export', () => {
  test('writes the month as the API sends it, byte for byte', async () => {
    for (const format of ['csv', 'geojson', 'kml', 'gpkg']) {
      const file = out(`cli.${format}`);
      const run = await runScript(
        'export',
        ['--month', MONTH, '--format', format, '--out', file],
        dataDir,
      );
      expect(run.status, run.output).toBe(0);
      expect(run.output).toContain(`Wrote ${file} (sha256 `);
      const sent = await api(`/api/exports/${MONTH}.${format}`);
      expect(sent.status).toBe(200);
      expect(readFileSync(file).equals(sent.bytes), format).toBe(true);
    }
    const gpkg = await ogrSummary(out('cli.gpkg'));
    expect(gpkg.stderr).toBe('');
    expect(layersOf(gpkg.stdout).get('violations_vn2000')!.count).toBe(3);
  }, 60_000);

  test('--public leaves the violator out; --layer names the layer', async () => {
    const file = out('public.geojson');
    const run = await runScript(
      'export',
      ['--month', MONTH, '--layer', 'violations', '--public', '--out', file],
      dataDir,
    );
    expect(run.status, run.output).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(JSON.parse(text).features).toHaveLength(3);
    expect(text).not.toContain(VIOLATOR);
  }, 60_000);

  test('refuses what it cannot export, saying why, and writes nothing', async () => {
    const future = await runScript('export', ['--month', '2999-01', '--out', out('x')], dataDir);
    expect(future.status).toBe(1);
    expect(future.output).toContain('has not begun');
    const format = await runScript('export', ['--month', MONTH, '--format', 'xlsx'], dataDir);
    expect(format.status).toBe(2);
    expect(format.output).toContain('Unknown format "xlsx"');
    const usage = await runScript('export', [], dataDir);
    expect(usage.status).toBe(2);
    expect(usage.output).toContain('Usage: npm run export -- --month YYYY-MM');
    expect(existsSync(out('x'))).toBe(false);
  }, 60_000);
});

describe('the archive a server writes when it starts', () => {
  test('every ended month since the first record, listed with sums, the same bytes', async () => {
    // The records went in after this server started: the next start archives them.
    await server!.stop();
    server = await startServer(dataDir);
    let files: { name: string; sha256: string; url: string }[] = [];
    for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
      const res = await fetch(`${server.url}/api/exports`, {
        headers: { authorization: `Bearer ${token}` },
      });
      files = ((await res.json()) as { files: typeof files }).files;
      if (files.some((f) => f.name === `${MONTH}.csv`)) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const october = files.find((f) => f.name === `${MONTH}.csv`);
    expect(october, JSON.stringify(files.map((f) => f.name))).toBeDefined();
    expect(files.some((f) => f.name === `${MONTH}-public.gpkg`)).toBe(true);
    // Nothing before the first record's month.
    expect(files.some((f) => f.name < MONTH)).toBe(false);
    const archived = await api(october!.url);
    expect(archived.bytes.equals(readFileSync(out('cli.csv')))).toBe(true);
    expect(readFileSync(join(dataDir, 'exports', 'SHA256SUMS'), 'utf8')).toContain(
      `${october!.sha256}  ${MONTH}.csv`,
    );
  }, 60_000);
});
