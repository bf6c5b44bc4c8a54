import { afterAll, describe, expect, test } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../server/app.ts';
import { readConfig } from '../../server/config.ts';
import { loadReferenceData } from '../../server/reference-data.ts';
import { createSqliteStore } from '../../server/store/sqlite/sqlite-store.ts';
import { TEST_UPLOADS, testExportsDir } from './helpers.ts';

const reference = loadReferenceData();
const dir = mkdtempSync(join(tmpdir(), 'uim-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readConfig', () => {
  test("defaults: port 8080 on loopback, data/var, OpenStreetMap's streets from OpenFreeMap", () => {
    const config = readConfig({});
    expect(config.port).toBe(8080);
    expect(config.host).toBe('127.0.0.1');
    expect(config.dataDir.endsWith(join('data', 'var'))).toBe(true);
    expect(config.basemap).toEqual({
      type: 'streets',
      url: 'https://tiles.openfreemap.org/styles/liberty',
    });
  });

  test('BASEMAP=offline asks no street map of anyone; BASEMAP_STREETS_URL names another', () => {
    expect(readConfig({ BASEMAP: 'offline' }).basemap).toEqual({ type: 'offline' });
    expect(
      readConfig({ BASEMAP_STREETS_URL: 'http://tiles.office.lan/style.json' }).basemap,
    ).toEqual({ type: 'streets', url: 'http://tiles.office.lan/style.json' });
    expect(() => readConfig({ BASEMAP: 'satellite' })).toThrow(
      /BASEMAP takes "streets".*"offline"/,
    );
    expect(() => readConfig({ BASEMAP_STREETS_URL: 'tiles/style.json' })).toThrow(
      /BASEMAP_STREETS_URL must be an http\(s\) address/,
    );
  });

  test.each([
    [
      { BASEMAP_STYLE_URL: 'https://s.example.org/style.json' },
      { type: 'style', url: 'https://s.example.org/style.json' },
    ],
    [
      {
        BASEMAP_TILES:
          'https://a.example.org/{z}/{x}/{y}.png https://b.example.org/{z}/{x}/{y}.png',
        BASEMAP_ATTRIBUTION: '© T',
      },
      {
        type: 'raster',
        tiles: ['https://a.example.org/{z}/{x}/{y}.png', 'https://b.example.org/{z}/{x}/{y}.png'],
        attribution: '© T',
      },
    ],
    [
      { BASEMAP_PMTILES: '/srv/city.pmtiles' },
      { type: 'pmtiles', url: '/basemap/basemap.pmtiles', attribution: '' },
    ],
  ])('a configured basemap replaces the street map (%j)', (env, expected) => {
    expect(readConfig(env).basemap).toEqual(expected);
  });

  test('refuses a PORT that is not a port number', () => {
    expect(() => readConfig({ PORT: 'eighty' })).toThrow(/PORT/);
  });

  test('keeps the records in SQLite unless DATABASE_URL names a PostgreSQL database', () => {
    expect(readConfig({}).databaseUrl).toBeNull();
    const url = 'postgresql://uim:secret@db.example.org:5432/uim';
    expect(readConfig({ DATABASE_URL: url }).databaseUrl).toBe(url);
    expect(() => readConfig({ DATABASE_URL: 'mysql://db/uim' })).toThrow(
      /DATABASE_URL.*PostgreSQL/,
    );
  });
});

describe('serving the basemap and the client config', () => {
  const file = join(dir, 'city.pmtiles');
  writeFileSync(file, Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 256)));
  const app = createApp({
    store: createSqliteStore(':memory:'),
    reference,
    clock: { now: () => new Date() },
    basemap: { type: 'pmtiles', url: '/basemap/basemap.pmtiles', attribution: '© local' },
    uploadsDir: TEST_UPLOADS,
    exportsDir: testExportsDir(),
    pmtilesPath: file,
  });

  test('answers byte ranges of the PMTiles file, as the pmtiles reader asks for them', async () => {
    const res = await app.request('/basemap/basemap.pmtiles', {
      headers: { Range: 'bytes=10-19' },
    });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe('bytes 10-19/1000');
    expect([...new Uint8Array(await res.arrayBuffer())]).toEqual([
      10, 11, 12, 13, 14, 15, 16, 17, 18, 19,
    ]);
  });

  test('tells the web app its basemap, the service area bbox and the data attribution', async () => {
    const body = await (await app.request('/api/config')).json();
    expect(body.basemap).toEqual({
      type: 'pmtiles',
      url: '/basemap/basemap.pmtiles',
      attribution: '© local',
    });
    // The union of the three 2025 units (data/area/ATTRIBUTION.md gives their bbox).
    expect(body.serviceBbox.map((n: number) => Number(n.toFixed(6)))).toEqual([
      105.683239, 22.061904, 105.931099, 22.281999,
    ]);
    expect(body.attribution).toContain('sapnhap.bando.com.vn');
  });
});
