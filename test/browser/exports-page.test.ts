/**
 * The export page and the monthly summary in Chromium: a lead finds the archived month (seeded in
 * the database before the app starts, so it has ended by the real clock), downloads its GeoJSON,
 * opens its summary with charts drawn by Chart.js, and prints it on A4 with nothing of the app.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { dataPaths } from '../../server/data-dir.ts';
import { localDate } from '../../server/domain/dates.ts';
import { createSqliteStore } from '../../server/store/sqlite/sqlite-store.ts';
import { makeViolation, reference } from '../server/helpers.ts';
import { spawnApp } from '../support/spawn-app.ts';
import {
  ADMIN,
  api,
  collectErrors,
  createUser,
  describeFailures,
  createViolation,
  launchChromium,
  SHOTS,
  signIn,
  type RunningApp,
  type TestUser,
} from './harness.ts';

/** An ended month by any clock this test runs on. */
const MONTH = '2026-10';
const WARD_POINT: [number, number] = [105.834, 22.147]; // Phường Đức Xuân
const ward = reference.wards.atPoint(WARD_POINT);

/** Four cases of October, one of them dismissed in October: written as the app would have. */
async function seedOctober(dataDir: string): Promise<void> {
  const store = createSqliteStore(dataPaths(dataDir).database);
  const kinds = ['illegal_construction', 'sidewalk_encroachment', 'sidewalk_encroachment', 'other'];
  for (const [i, kind] of kinds.entries()) {
    const at = `2026-10-0${i + 5}T03:00:00.000Z`;
    const v = makeViolation(
      { kind: kind as 'other', created_at: at, ward, description: `Vụ việc tháng 10 số ${i + 1}` },
      { type: 'Point', coordinates: WARD_POINT },
    );
    await store.violations.insert(v, 'create', { user: null, at });
  }
  await store.close();
}

let app: RunningApp;
let browser: Browser;
let lead: TestUser;

describeFailures(() => browser);
beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'uim-browser-exports-'));
  await seedOctober(dataDir);
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
  lead = await createUser(app, 'lead', { display_name: 'Lãnh đạo Phòng' });
  // One case this month, which October's files must not hold.
  await createViolation(
    app,
    {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: WARD_POINT },
      properties: { kind: 'road_encroachment', description: 'Lấn chiếm lòng đường tháng này' },
    },
    await createUser(app, 'inspector'),
  );
  // The archive is written at start, in the background: wait for October's files.
  const deadline = Date.now() + 30_000;
  const archived = async () =>
    (await api<{ files: { month: string }[] }>(app, lead, 'GET', '/api/exports')).files.filter(
      (f) => f.month === MONTH,
    ).length;
  while ((await archived()) < 8) {
    if (Date.now() > deadline) throw new Error(`October was not archived in 30 s`);
    await new Promise((r) => setTimeout(r, 300));
  }
}, 200_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

async function leadPage(viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ viewport, locale: 'vi-VN', acceptDownloads: true });
  await signIn(context, app, lead);
  const page = await context.newPage();
  return { context, page, errors: collectErrors(page) };
}

/** The whole page: the page layer scrolls inside the viewport, so the viewport grows to hold it. */
async function shoot(page: Page, name: string): Promise<void> {
  const height = await page.evaluate(() => document.querySelector('.page-layer')!.scrollHeight);
  const { width } = page.viewportSize()!;
  await page.setViewportSize({ width, height: Math.max(height, 600) });
  await page.screenshot({ path: join(SHOTS, name) });
}

/** How many pixels of a canvas are drawn (not transparent). */
const drawnPixels = (page: Page, name: string) =>
  page
    .getByTestId(`chart-${name}`)
    .locator('canvas')
    .evaluate((canvas: HTMLCanvasElement) => {
      const g = canvas.getContext('2d');
      if (!g || canvas.width === 0 || canvas.height === 0) return 0;
      const data = g.getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
      return n;
    });

const cell = (page: Page, table: string, key: string, column: number) =>
  page.getByTestId(`table-${table}`).locator(`tr[data-key="${key}"] td`).nth(column).textContent();

describe('the export page', () => {
  test("a lead opens it from the menu, finds October's archive and downloads its GeoJSON", async () => {
    const { context, page, errors } = await leadPage();
    await page.goto(app.url);
    await page.getByTestId('user-menu').locator('summary').click();
    await page.getByTestId('menu-exports').click();
    expect(new URL(page.url()).pathname).toBe('/exports');

    const october = page.getByTestId(`archive-${MONTH}`);
    await october.waitFor();
    expect(await october.locator('h4').textContent()).toBe('Tháng 10/2026');
    expect(await october.locator('li').count()).toBe(8);
    const sums = await october.locator('code.sum').allTextContents();
    expect(sums.every((s) => /^[0-9a-f]{64}$/.test(s))).toBe(true);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      october.getByRole('link', { name: `${MONTH}.geojson`, exact: true }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${MONTH}.geojson`);
    const geojson = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(geojson).toMatchObject({ type: 'FeatureCollection', month: MONTH, final: true });
    expect(geojson.features).toHaveLength(4);
    // Its bytes are the ones the page's sum names.
    const listed = await api<{ files: { name: string; sha256: string }[]; layers: string[] }>(
      app,
      lead,
      'GET',
      '/api/exports',
    );
    const hash = await crypto.subtle.digest('SHA-256', readFileSync((await download.path())!));
    const hex = Buffer.from(hash).toString('hex');
    expect(listed.files.find((f) => f.name === `${MONTH}.geojson`)?.sha256).toBe(hex);
    expect(listed.layers).toContain('violations');
    expect(sums).toContain(hex);

    // The running month is offered too, marked provisional; an ended one is final.
    const current = localDate(new Date()).slice(0, 7);
    expect(await page.getByTestId('month-picker').inputValue()).toBe(current);
    expect(await page.getByTestId('export-state').textContent()).toContain('tạm tính');
    await page.getByTestId('month-picker').fill(MONTH);
    await expect.poll(() => page.getByTestId('export-state').textContent()).toContain('đã chốt');
    const csv = page.getByTestId('export-links-all').getByRole('link', { name: 'CSV (Excel)' });
    expect(await csv.getAttribute('href')).toBe(`/api/exports/${MONTH}.csv`);
    await page.getByLabel(/Bản công khai/).check();
    expect(await csv.getAttribute('href')).toBe(`/api/exports/${MONTH}.csv?public=true`);
    await shoot(page, 'exports-page.png');
    expect(errors).toEqual([]);
    await context.close();
  });

  test('on a phone, nothing runs off the screen', async () => {
    const { context, page, errors } = await leadPage({ width: 390, height: 844 });
    await page.goto(`${app.url}/exports`);
    await page.getByTestId(`archive-${MONTH}`).waitFor();
    const overflow = await page.evaluate(() => {
      const layer = document.querySelector('.page-layer')!;
      return layer.scrollWidth - layer.clientWidth;
    });
    expect(overflow).toBe(0);
    await shoot(page, 'exports-page-phone.png');
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('the monthly summary', () => {
  test("October's summary: its title, counts and charts, then printed on A4", async () => {
    const { context, page, errors } = await leadPage();
    await page.goto(`${app.url}/exports`);
    await page
      .getByTestId(`archive-${MONTH}`)
      .getByRole('link', { name: /Báo cáo tổng hợp/ })
      .click();
    expect(new URL(page.url()).pathname).toBe(`/reports/${MONTH}`);
    await page.getByTestId('section-key').waitFor();
    expect(await page.locator('.report h2').textContent()).toBe('Báo cáo tổng hợp tháng 10/2026');
    expect(await cell(page, 'key', 'total', 0)).toBe('4');
    expect(await cell(page, 'key', 'opened', 0)).toBe('4');
    expect(await cell(page, 'key', 'total', 1)).toBe('0'); // September
    expect(await cell(page, 'kind', 'sidewalk_encroachment', 0)).toBe('2');
    expect(await cell(page, 'ward', ward!.code, 0)).toBe('4');
    expect(await page.getByTestId('report-provisional').count()).toBe(0);

    for (const chart of ['kind', 'status', 'ward', 'projects', 'scorecard']) {
      await expect.poll(() => drawnPixels(page, chart), { timeout: 10_000 }).toBeGreaterThan(500);
    }
    await shoot(page, 'monthly-report.png');

    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.topbar').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: /In báo cáo/ }).isVisible()).toBe(false);
    expect(await page.locator('.page .back').isVisible()).toBe(false);
    // Charts are re-sized to the paper's width (170 mm at 96 dpi is about 642 px).
    await expect
      .poll(() => page.getByTestId('chart-kind').evaluate((e) => e.getBoundingClientRect().width))
      .toBeLessThan(660);
    await expect.poll(() => drawnPixels(page, 'ward')).toBeGreaterThan(500);
    // As wide as A4 inside its margins (174 mm at 96 dpi), to see the layout as printed.
    await page.setViewportSize({ width: 658, height: 900 });
    await expect.poll(() => drawnPixels(page, 'kind')).toBeGreaterThan(500);
    await page.screenshot({ path: join(SHOTS, 'monthly-report-print.png'), fullPage: true });
    const pdf = await page.pdf({ format: 'A4', printBackground: false });
    writeFileSync(join(SHOTS, 'monthly-report.pdf'), pdf);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // A page for the title and key figures, then one per section at least.
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? [];
    expect(pages.length).toBeGreaterThanOrEqual(4);
    expect(errors).toEqual([]);
    await context.close();
  });

  test("the running month is marked provisional and counts this month's case", async () => {
    const { context, page, errors } = await leadPage();
    const current = localDate(new Date()).slice(0, 7);
    await page.goto(`${app.url}/reports/${current}`);
    await page.getByTestId('report-provisional').waitFor();
    expect(await cell(page, 'key', 'opened', 0)).toBe('1');
    expect(await cell(page, 'kind', 'road_encroachment', 0)).toBe('1');
    // In English too: the same figures under English words.
    await page.locator('button.lang').click();
    await expect
      .poll(() => page.locator('.report h2').textContent())
      .toBe(`Monthly summary ${current.slice(5)}/${current.slice(0, 4)}`);
    expect(
      await page
        .getByTestId('table-kind')
        .locator('tr[data-key="road_encroachment"] th')
        .textContent(),
    ).toBe('Roadway encroachment');
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('with no network', () => {
  test('the export page and a month’s summary open from the service worker', async () => {
    const { context, page } = await leadPage();
    await page.goto(app.url);
    // Online once: the worker installs with the app's shell and takes the page.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await context.setOffline(true);
    for (const path of ['/exports', `/reports/${MONTH}`, `/exports?map=14/22.147/105.834`]) {
      const answer = await page.goto(app.url + path);
      expect(answer?.status(), path).toBe(200);
      expect(answer?.fromServiceWorker(), path).toBe(true);
      await page.locator('.topbar').waitFor();
    }
    await context.close();
  });
});
