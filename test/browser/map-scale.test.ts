/**
 * The planner's map past a city-sized data set: more violations than the app loads whole
 * (WHOLE_LIST_MAX), seeded in the database before the app starts. Zoomed out, the map shows the
 * server's clusters, whose counts add up to the total; no answer of the API is over 1 MB; at
 * street zoom the records come one by one, by bbox, and a click opens one.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Response } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { dataPaths } from '../../server/data-dir.ts';
import { createSqliteStore } from '../../server/store/sqlite/sqlite-store.ts';
import { WHOLE_LIST_MAX } from '../../web/src/lib/state/violation-scale.ts';
import { makeViolation, reference } from '../server/helpers.ts';
import { spawnApp } from '../support/spawn-app.ts';
import {
  ADMIN,
  collectErrors,
  describeFailures,
  launchChromium,
  pixelOf,
  SHOTS,
  signIn,
  waitForMap,
  type RunningApp,
} from './harness.ts';

/** A grid of cases about 90 m apart around the city centre: one more row than the threshold. */
const STEP = 0.0008;
const SIDE = Math.ceil(Math.sqrt(WHOLE_LIST_MAX + 200));
const ORIGIN: [number, number] = [105.808, 22.122];
const TOTAL = SIDE * SIDE;
/** The case the test opens: one grid point, told apart by its text. */
const TARGET_AT: [number, number] = [
  Math.round((ORIGIN[0] + 30 * STEP) * 1e7) / 1e7,
  Math.round((ORIGIN[1] + 30 * STEP) * 1e7) / 1e7,
];
const TARGET = 'Lấn chiếm vỉa hè trước chợ: vụ cần mở';
const KINDS = ['road_encroachment', 'sidewalk_encroachment', 'illegal_construction', 'other'];
const MB = 1024 * 1024;

async function seed(dataDir: string): Promise<void> {
  const store = createSqliteStore(dataPaths(dataDir).database);
  const at = new Date().toISOString();
  const cases = [];
  for (let i = 0; i < SIDE; i++) {
    for (let j = 0; j < SIDE; j++) {
      const coordinates = [
        Math.round((ORIGIN[0] + i * STEP) * 1e7) / 1e7,
        Math.round((ORIGIN[1] + j * STEP) * 1e7) / 1e7,
      ];
      const target = i === 30 && j === 30;
      cases.push(
        makeViolation(
          {
            kind: (target ? 'sidewalk_encroachment' : KINDS[(i + j) % 4]) as 'other',
            created_at: at,
            ward: reference.wards.atPoint(coordinates as [number, number]),
            description: target ? TARGET : `Vụ việc số ${i * SIDE + j + 1}`,
          },
          { type: 'Point', coordinates },
        ),
      );
    }
  }
  await store.violations.insertMany(cases, 'create', { user: null, at });
  await store.close();
}

let app: RunningApp;
let browser: Browser;

describeFailures(() => browser);
beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'uim-browser-scale-'));
  await seed(dataDir);
  const [{ child, port }, chromium] = await Promise.all([
    spawnApp(
      ['scripts/start.mjs'],
      { DATA_DIR: dataDir, ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password },
      { host: 'localhost', timeoutMs: 150_000 },
    ),
    launchChromium(),
  ]);
  browser = chromium;
  app = {
    url: `http://localhost:${port}`,
    dataDir,
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}, 200_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

type MapWindow = { __map: import('maplibre-gl').Map };

/** What the violations layers draw now: cluster counts by cluster and records by id. */
function drawn(page: import('playwright-core').Page) {
  return page.evaluate(() => {
    const map = (window as unknown as MapWindow).__map;
    const layers = ['violations-clusters', 'violations-points'].filter((l) => map.getLayer(l));
    const clusters = new Map<number, number>();
    const points = new Map<string, string>();
    for (const f of map.queryRenderedFeatures({ layers })) {
      const p = f.properties;
      if (typeof p.point_count === 'number') clusters.set(p.cluster_id, p.point_count);
      else points.set(String(p.id), String(p.description ?? ''));
    }
    const counted = [...clusters.values()].reduce((a, b) => a + b, 0) + points.size;
    return {
      clusters: clusters.size,
      counted,
      server: map.getLayer('violations-clusters')
        ? map
            .queryRenderedFeatures({ layers: ['violations-clusters'] })
            .every((f) => typeof f.properties.expansion_zoom === 'number')
        : false,
      descriptions: [...points.values()],
    };
  });
}

test('a large data set: server clusters zoomed out, records by bbox at street zoom', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors = collectErrors(page);
  const sizes: { url: string; bytes: number }[] = [];
  const pending: Promise<void>[] = [];
  page.on('response', (response: Response) => {
    pending.push(
      response.body().then(
        (body) => void sizes.push({ url: response.url(), bytes: body.length }),
        () => {},
      ),
    );
  });
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));

  // The whole city in view.
  await page.goto(`${app.url}/?map=12.5/22.146/105.832`);
  await waitForMap(page);
  const count = page.getByTestId('count');
  await expect.poll(() => count.textContent(), { timeout: 20_000 }).toBe(`${TOTAL} vi phạm`);
  await expect.poll(() => drawn(page).then((d) => d.counted), { timeout: 20_000 }).toBe(TOTAL);
  const zoomedOut = await drawn(page);
  expect(zoomedOut.server).toBe(true);
  expect(zoomedOut.clusters).toBeGreaterThan(1);
  expect(requests.some((u) => u.includes('/api/violations/clusters?'))).toBe(true);
  // Nothing asked for every record.
  expect(requests.some((u) => /\/api\/violations\?.*limit=5000/.test(u))).toBe(false);
  await page.screenshot({ path: join(SHOTS, 'map-scale-clusters.png') });

  // A cluster's click zooms to where it splits, as the server says.
  const bubble = await page.evaluate(() => {
    const map = (window as unknown as MapWindow).__map;
    const f = map.queryRenderedFeatures({ layers: ['violations-clusters'] })[0]!;
    const [lon, lat] = (f.geometry as GeoJSON.Point).coordinates as [number, number];
    return { lon, lat, zoom: Number(f.properties.expansion_zoom) };
  });
  expect(bubble.zoom).toBeGreaterThan(12);
  const at = await pixelOf(page, bubble.lon, bubble.lat);
  await page.mouse.click(at.x, at.y);
  await expect
    .poll(() => page.evaluate(() => (window as unknown as MapWindow).__map.getZoom()))
    .toBe(bubble.zoom);

  // Street zoom: the records themselves, a page of the view.
  await page.evaluate(
    ([lon, lat]) =>
      (window as unknown as MapWindow).__map.jumpTo({ center: [lon!, lat!], zoom: 17 }),
    TARGET_AT,
  );
  await expect
    .poll(() => drawn(page).then((d) => d.descriptions.includes(TARGET)), { timeout: 20_000 })
    .toBe(true);
  const street = await drawn(page);
  expect(street.clusters).toBe(0);
  expect(street.descriptions.length).toBeGreaterThan(10);
  expect(requests.some((u) => /\/api\/violations\?.*bbox=/.test(u))).toBe(true);
  // The count is still the total of the filters.
  expect(await count.textContent()).toMatch(/vi phạm$/);
  await page.screenshot({ path: join(SHOTS, 'map-scale-street.png') });

  // A click on a single point opens its record.
  const pin = await pixelOf(page, TARGET_AT[0], TARGET_AT[1]);
  await page.mouse.click(pin.x, pin.y);
  const detail = page.getByTestId('violation-detail');
  await detail.waitFor();
  await expect.poll(() => detail.textContent()).toContain(TARGET);
  expect(new URL(page.url()).pathname).toMatch(/^\/violations\/[0-9a-f-]{36}$/);
  await page.screenshot({ path: join(SHOTS, 'map-scale-record.png') });

  await Promise.all(pending);
  // Every answer of the API (the data; the map library's script is an asset of its own size).
  const largest = sizes
    .filter((s) => new URL(s.url).pathname.startsWith('/api/'))
    .reduce((a, b) => (b.bytes > a.bytes ? b : a), { url: '', bytes: 0 });
  expect(largest.bytes).toBeGreaterThan(0);
  expect(largest.bytes, largest.url).toBeLessThanOrEqual(MB);
  expect(errors).toEqual([]);
  await context.close();
}, 120_000);

test('a past date of a large data set: a page of records in the view, by bbox and date', async () => {
  const today = new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await signIn(context, app, 'admin');
  const page = await context.newPage();
  const errors = collectErrors(page);
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(`${app.url}/?map=16/${TARGET_AT[1]}/${TARGET_AT[0]}&asOf=${today}`);
  await waitForMap(page);
  await page.getByTestId('past-banner').waitFor();
  // The state of every record at a day's end is worked out from the history: give it time.
  await expect
    .poll(() => page.getByTestId('count').textContent(), { timeout: 20_000 })
    .toBe(`${TOTAL} vi phạm`);
  await expect
    .poll(() => drawn(page).then((d) => d.descriptions.includes(TARGET)), { timeout: 20_000 })
    .toBe(true);
  const asked = requests.filter((u) => u.includes('/api/violations'));
  // The clusters know only today: a past map never asks for them.
  expect(asked.some((u) => u.includes('/clusters'))).toBe(false);
  expect(asked.some((u) => u.includes(`asOf=${today}`) && u.includes('bbox='))).toBe(true);

  // The list shows the view's page, with the total.
  await page.getByTestId('count').click();
  const listed = page.getByTestId('list-count');
  await expect.poll(() => listed.textContent()).toContain(`trên tổng số ${TOTAL}`);
  expect(errors).toEqual([]);
  await context.close();
}, 60_000);
