/**
 * The street map's style as the app serves it, read from a street map's server this test runs on
 * this machine: Vietnamese names first, addresses made absolute, kept for an hour; the offline
 * style in its place, marked, when the server is down or too slow; and no new try for a minute
 * after a failure, so a server with no internet answers at once.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { StyleSpecification } from '@maplibre/maplibre-gl-style-spec';
import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import { standsInForStreets } from '../../../server/domain/basemap.ts';
import { StreetBasemap } from '../../../server/services/street-basemap.ts';
import { createApp } from '../../../server/app.ts';
import { loadReferenceData } from '../../../server/reference-data.ts';
import { createSqliteStore } from '../../../server/store/sqlite/sqlite-store.ts';
import { TEST_UPLOADS, testExportsDir } from '../helpers.ts';

const STYLE = {
  version: 8,
  sprite: 'sprites/liberty',
  glyphs: 'fonts/{fontstack}/{range}.pbf',
  sources: {
    openmaptiles: { type: 'vector', url: 'https://tiles.example.org/planet' },
    hills: { type: 'raster', tiles: ['/hills/{z}/{x}/{y}.png'], tileSize: 256 },
  },
  layers: [
    { id: 'background', type: 'background', paint: { 'background-color': '#EEEEEE' } },
    {
      id: 'road_name',
      type: 'symbol',
      source: 'openmaptiles',
      'source-layer': 'transportation_name',
      layout: { 'text-field': ['coalesce', ['get', 'name:latin'], ['get', 'name']] },
    },
    {
      id: 'housenumber',
      type: 'symbol',
      source: 'openmaptiles',
      'source-layer': 'housenumber',
      layout: { 'text-field': '{housenumber}' },
    },
  ],
};

/** The street map's server: answers as `mode` says now, and counts the style's reads. */
let mode: 'style' | 'down' | 'hold' | 'garbage' = 'style';
let reads = 0;
let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    reads++;
    if (mode === 'hold') return;
    if (mode === 'down') return void res.writeHead(503).end();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(mode === 'garbage' ? '{"version":8}' : JSON.stringify(STYLE));
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/styles/`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

/** A street map read through a clock the test moves. */
function streetsAt(waitMs = 2_000) {
  let now = 1_000_000;
  const basemap = new StreetBasemap(`${base}liberty`, { waitMs, now: () => now });
  return { basemap, later: (ms: number) => (now += ms) };
}

describe('the street map as served', () => {
  test('writes names in Vietnamese first, keeps other labels, makes every address absolute', async () => {
    mode = 'style';
    const style = (await streetsAt().basemap.style()) as StyleSpecification;
    expect(standsInForStreets(style)).toBe(false);
    const layout = (id: string) =>
      (style.layers.find((l) => l.id === id) as { layout: Record<string, unknown> }).layout;
    expect(layout('road_name')['text-field']).toEqual([
      'coalesce',
      ['get', 'name:vi'],
      ['get', 'name'],
    ]);
    expect(layout('housenumber')['text-field']).toBe('{housenumber}');
    expect(style.glyphs).toBe(`${base}fonts/{fontstack}/{range}.pbf`);
    expect(style.sprite).toBe(`${base}sprites/liberty`);
    expect(style.sources.openmaptiles).toMatchObject({ url: 'https://tiles.example.org/planet' });
    expect(style.sources.hills).toMatchObject({
      tiles: [`${new URL(base).origin}/hills/{z}/{x}/{y}.png`],
    });
    expect(validateStyleMin(style)).toEqual([]);
  });

  test('is read once an hour, not at every map', async () => {
    mode = 'style';
    const { basemap, later } = streetsAt();
    const before = reads;
    await basemap.style();
    later(30 * 60_000);
    await basemap.style();
    expect(reads - before).toBe(1);
    later(31 * 60_000);
    await basemap.style();
    expect(reads - before).toBe(2);
  });

  test.each(['down', 'garbage'] as const)(
    'is the offline style, marked, when its server answers %s; tried again after a minute',
    async (how) => {
      mode = how;
      const { basemap, later } = streetsAt();
      const before = reads;
      const style = await basemap.style();
      expect(standsInForStreets(style)).toBe(true);
      expect(style.sources).toEqual({});
      expect(validateStyleMin(style)).toEqual([]);
      // Asked again at once: answered at once, the server not asked again.
      await basemap.style();
      expect(reads - before).toBe(1);
      mode = 'style';
      later(61_000);
      expect(standsInForStreets(await basemap.style())).toBe(false);
    },
  );

  test('stops waiting for a server that never answers, and answers the offline style', async () => {
    mode = 'hold';
    const started = performance.now();
    const style = await streetsAt(300).basemap.style();
    expect(standsInForStreets(style)).toBe(true);
    expect(performance.now() - started).toBeLessThan(2_000);
    server.closeAllConnections();
  });

  test('once read, is served as it was while its server is down', async () => {
    mode = 'style';
    const { basemap, later } = streetsAt();
    await basemap.style();
    mode = 'down';
    later(2 * 3_600_000);
    expect(standsInForStreets(await basemap.style())).toBe(false);
  });
});

describe('the app', () => {
  const app = (basemap: Parameters<typeof createApp>[0]['basemap']) =>
    createApp({
      store: createSqliteStore(':memory:'),
      reference: loadReferenceData(),
      clock: { now: () => new Date() },
      basemap,
      uploadsDir: TEST_UPLOADS,
      exportsDir: testExportsDir(),
    });

  test("serves the street map's style, and lets the page reach its server", async () => {
    mode = 'style';
    const res = await app({ type: 'streets', url: `${base}liberty` }).request(
      '/basemap/style.json',
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('content-security-policy')).toContain(new URL(base).origin);
    const style = await res.json();
    expect(style.sources.openmaptiles).toBeDefined();
  });

  test('with BASEMAP=offline, has no street map to serve and asks no one', async () => {
    const before = reads;
    const res = await app({ type: 'offline' }).request('/basemap/style.json');
    expect(res.status).toBe(404);
    expect(reads).toBe(before);
  });
});
