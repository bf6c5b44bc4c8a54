/**
 * /api/exports: the monthly export in each format through the API (headers, views, refusals), the
 * archive listing and downloads, and streaming: the store keeps serving while a file is sent, and
 * a download given up half-way leaves nothing behind.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createApp } from '../../../server/app.ts';
import { ExportArchive } from '../../../server/exports/archive.ts';
import { Exporter, exportTempDir } from '../../../server/exports/exporter.ts';
import { TokenService } from '../../../server/services/tokens.ts';
import { createSqliteStore } from '../../../server/store/sqlite/sqlite-store.ts';
import {
  call,
  makeViolation,
  reference,
  report,
  settableClock,
  TEST_UPLOADS,
  testApp,
  testExportsDir,
} from '../helpers.ts';

type Ctx = Awaited<ReturnType<typeof testApp>>;
let ctx: Ctx;
let lead: ReturnType<Ctx['as']>;
const VIOLATOR = { name: 'Trần Văn Cường', id_number: '019077000456' };

beforeAll(async () => {
  // Reports in February 2026; the tests read them in March.
  ctx = await testApp('2026-02-10T03:00:00.000Z');
  lead = ctx.as('lead');
  await report(ctx.app, undefined, { description: 'Quán lấn chiếm vỉa hè', violator: VIOLATOR });
  await report(ctx.app, undefined, { kind: 'illegal_grading', description: 'San lấp ao' });
  ctx.clock.set('2026-03-10T03:00:00.000Z');
  await report(ctx.app, undefined, { description: 'Tháng 3' });
});

const get = (path: string) => lead.request(path);

describe('GET /api/exports/{month}.{format}', () => {
  test('GeoJSON, as an attachment named for the month, final once the month has ended', async () => {
    const res = await get('/api/exports/2026-02.geojson');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/geo+json; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="2026-02.geojson"');
    expect(res.headers.get('x-export-final')).toBe('true');
    const body = await res.json();
    expect(body).toMatchObject({ type: 'FeatureCollection', month: '2026-02', final: true });
    expect(body.features).toHaveLength(2);
    expect(JSON.stringify(body)).toContain(VIOLATOR.name);
  });

  test('?public=true: the public view, without the violator, named as public', async () => {
    const res = await get('/api/exports/2026-02.geojson?public=true');
    expect(res.headers.get('content-disposition')).toContain('2026-02-public.geojson');
    const text = await res.text();
    expect(text).not.toContain(VIOLATOR.name);
    expect(text).not.toContain(VIOLATOR.id_number);
    expect(JSON.parse(text).view).toBe('public');
  });

  test('the current month: provisional, never cached', async () => {
    const res = await get('/api/exports/2026-03.csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('2026-03-provisional.csv');
    expect(res.headers.get('x-export-final')).toBe('false');
    expect(res.headers.get('cache-control')).toBe('private, no-store');
  });

  test('CSV with a byte-order mark, KML, and a GeoPackage that is an SQLite file tagged GPKG', async () => {
    const csv = await get('/api/exports/2026-02.csv');
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect([...new Uint8Array(await csv.arrayBuffer()).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const kml = await get('/api/exports/2026-02.kml?layer=violations');
    expect(kml.headers.get('content-type')).toBe(
      'application/vnd.google-earth.kml+xml; charset=utf-8',
    );
    // One layer of several: the file's name says which.
    expect(kml.headers.get('content-disposition')).toContain('2026-02-violations.kml');
    expect(await kml.text()).toContain('<kml xmlns="http://www.opengis.net/kml/2.2">');
    const gpkg = Buffer.from(await (await get('/api/exports/2026-02.gpkg')).arrayBuffer());
    expect(gpkg.subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
    expect(gpkg.subarray(68, 72).toString('latin1')).toBe('GPKG');
  });

  test.each([
    ['2026-13.geojson', 422, 'VALIDATION_FAILED', /YYYY-MM/],
    ['2026-04.geojson', 422, 'VALIDATION_FAILED', /chưa bắt đầu/],
    ['1999-12.geojson', 422, 'VALIDATION_FAILED', /2000/],
    ['2026-02.xlsx', 404, 'NOT_FOUND', /geojson\|csv\|kml\|gpkg/],
    ['2026-02', 404, 'NOT_FOUND', /2026-02\.geojson/],
    ['2026-02.csv?layer=roads', 422, 'VALIDATION_FAILED', /violations, projects/],
    ['2026-02.csv?public=yes', 422, 'VALIDATION_FAILED', /public/],
  ])('refuses %s with %i %s and a message', async (path, status, code, message) => {
    const answer = await call(lead, 'GET', `/api/exports/${path}`);
    expect(answer.status).toBe(status);
    expect(answer.body.error.code).toBe(code);
    expect(answer.body.error.message).toMatch(message);
  });

  test('says it in English when asked', async () => {
    const answer = await call(lead, 'GET', '/api/exports/2026-04.kml', undefined, {
      'accept-language': 'en',
    });
    expect(answer.body.error.message).toBe(
      'The month 2026-04 has not begun: there is nothing to export yet.',
    );
  });
});

describe('the archive through the API', () => {
  beforeAll(async () => {
    const exporter = new Exporter({
      store: ctx.store,
      clock: ctx.clock,
      tempDir: exportTempDir(ctx.exportsDir),
    });
    await new ExportArchive({
      exporter,
      store: ctx.store,
      clock: ctx.clock,
      dir: ctx.exportsDir,
    }).run();
  });

  test('GET /api/exports lists the archived files with size, sum and address', async () => {
    const answer = await call(lead, 'GET', '/api/exports');
    expect(answer.status).toBe(200);
    expect(answer.body.files).toHaveLength(8);
    expect(answer.body.files).toContainEqual({
      name: '2026-02.geojson',
      month: '2026-02',
      format: 'geojson',
      public: false,
      bytes: expect.any(Number),
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      url: '/api/exports/archive/2026-02.geojson',
    });
  });

  test('GET /api/exports/archive/{file} sends the archived bytes with their sum as ETag', async () => {
    const { files } = (await call(lead, 'GET', '/api/exports')).body;
    const entry = files.find((f: { name: string }) => f.name === '2026-02-public.gpkg');
    const res = await get(entry.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/geopackage+sqlite3');
    expect(res.headers.get('content-length')).toBe(String(entry.bytes));
    expect(res.headers.get('etag')).toBe(`"${entry.sha256}"`);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.equals(readFileSync(join(ctx.exportsDir, entry.name)))).toBe(true);
  });

  test.each(['SHA256SUMS', '..%2F..%2Fetc%2Fpasswd', '2026-03.geojson', '.tmp'])(
    'GET /api/exports/archive/%s: 404 in the envelope',
    async (name) => {
      const answer = await call(lead, 'GET', `/api/exports/archive/${name}`);
      expect(answer.status).toBe(404);
      expect(answer.body.error.code).toBe('NOT_FOUND');
    },
  );
});

describe('streaming', () => {
  let dir: string;
  let app: ReturnType<typeof createApp>;
  let store: ReturnType<typeof createSqliteStore>;
  let token: string;
  const clock = settableClock('2026-03-10T03:00:00.000Z');
  const exportsDir = testExportsDir();

  beforeAll(async () => {
    // A database file, as in production: the export reads on its own connection.
    dir = mkdtempSync(join(tmpdir(), 'uim-stream-'));
    store = createSqliteStore(join(dir, 'db.sqlite'));
    const at = '2026-02-15T03:00:00.000Z';
    // One transaction: 3000 commits of their own, each awaited, would outlast the hook.
    const cases = Array.from({ length: 3000 }, (_, i) =>
      makeViolation({ created_at: at, description: `Vụ ${i} ${'mô tả '.repeat(20)}` }),
    );
    await store.violations.insertMany(cases, 'create', { user: null, at });
    await store.users.insert(
      {
        id: 'lead',
        username: 'lead',
        display_name: 'Lead',
        roles: ['lead', 'inspector'],
        password_hash: null,
        password_changed_at: null,
        disabled_at: null,
        created_at: at,
        updated_at: at,
        version: 1,
      },
      { user: null, at },
    );
    token = (
      await new TokenService({ store, clock }).create('lead', 'tests', {
        scope: 'read-write',
      })
    ).token;
    app = createApp({ store, reference, clock, uploadsDir: TEST_UPLOADS, exportsDir });
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const auth = () => ({ authorization: `Bearer ${token}` });

  test('the file comes in many chunks, and the store takes a write between two of them', async () => {
    const res = await app.request('/api/exports/2026-02.geojson', { headers: auth() });
    const reader = res.body!.getReader();
    const chunks: Uint8Array[] = [];
    const first = await reader.read();
    chunks.push(first.value!);
    const created = await app.request('/api/violations', {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [105.834, 22.147] },
        properties: { kind: 'other', description: 'Ghi trong lúc đang xuất' },
      }),
    });
    expect(created.status).toBe(201);
    for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(r.value);
    expect(chunks.length).toBeGreaterThan(10);
    const collection = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    expect(collection.features).toHaveLength(3000);
  });

  test('a GeoPackage download given up half-way removes its temporary file', async () => {
    const res = await app.request('/api/exports/2026-02.gpkg', { headers: auth() });
    const reader = res.body!.getReader();
    await reader.read();
    expect(readdirSync(exportTempDir(exportsDir))).toHaveLength(1);
    await reader.cancel();
    expect(readdirSync(exportTempDir(exportsDir))).toEqual([]);
  });
});
