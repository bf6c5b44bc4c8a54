/**
 * What a planner does with the ward statistics: open /stats, read the counts of the cases the
 * inspectors reported, colour the wards by one figure then another, and look at a past date.
 */
import { bbox, pointOnFeature } from '@turf/turf';
import type { Feature, Polygon } from 'geojson';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, expect, test } from 'vitest';
import { formatDateVi, localDate } from '../../server/domain/dates.ts';
import {
  api,
  collectErrors,
  createUser,
  createViolation,
  SHOTS,
  signIn,
  useAppAndBrowser,
  waitForMap,
  type TestUser,
} from './harness.ts';
import { ROOT } from '../support/spawn-app.ts';

const running = useAppAndBrowser();
let inspector: TestUser;
let planner: TestUser;

const BAC_KAN = '2025-01843';
const DUC_XUAN = '2025-01840';
const PHONG_QUANG = '2025-01849';
const WARDS = JSON.parse(
  readFileSync(join(ROOT, 'data', 'area', 'wards-2025.geojson'), 'utf8'),
) as { features: (Feature<Polygon> & { id: string })[] };
/** A point inside a ward, nudged so that two reports are not one pin. */
function inside(code: string, nudge = 0): [number, number] {
  const ward = WARDS.features.find((f) => f.id === code)!;
  const [lon, lat] = pointOnFeature(ward).geometry.coordinates as [number, number];
  return [lon + nudge, lat];
}

async function report(at: [number, number], kind: string, description: string) {
  const feature = {
    type: 'Feature',
    geometry: { type: 'Point', coordinates: at },
    properties: { kind, description },
  };
  return createViolation(running.app, feature, inspector);
}

interface Stats {
  violations: {
    wards: { code: string; total: number; open: number; per_1000: { total: number } }[];
    totals: { total: number; open: number };
  };
}

beforeAll(async () => {
  [inspector, planner] = await Promise.all([
    createUser(running.app, 'inspector'),
    createUser(running.app, 'planner'),
  ]);
  await report(inside(BAC_KAN), 'road_encroachment', 'Quán nước lấn lòng đường');
  await report(inside(BAC_KAN, 0.0005), 'road_encroachment', 'Bán hàng lấn lòng đường');
  const built = await report(inside(BAC_KAN, -0.0005), 'illegal_construction', 'Xây không phép');
  await api(running.app, planner, 'POST', `/api/violations/${built.id}/steps`, {
    to: 'verified',
  });
  const [lon, lat] = inside(PHONG_QUANG);
  await api(running.app, planner, 'POST', '/api/projects', {
    type: 'Feature',
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [lon - 0.001, lat - 0.001],
          [lon + 0.001, lat - 0.001],
          [lon + 0.001, lat + 0.001],
          [lon - 0.001, lat + 0.001],
          [lon - 0.001, lat - 0.001],
        ],
      ],
    },
    properties: {
      name: 'Khu tái định cư Phong Quang',
      land_type: 'agricultural',
      households: { total: 12, counted: 12, agreed: 9, paid: 0, handed_over: 0 },
      blocked: true,
      obstacles: [{ text: 'Ba hộ chưa nhận phương án' }],
    },
  });
  await report(inside(DUC_XUAN), 'sidewalk_encroachment', 'Để xe trên vỉa hè');
  const wrong = await report(inside(DUC_XUAN, 0.0005), 'other', 'Báo nhầm');
  await api(running.app, planner, 'POST', `/api/violations/${wrong.id}/steps`, {
    to: 'dismissed',
    note: 'Không có vi phạm',
  });
});

/** The text of one cell of the violations table: `ward` is a code or `all`. */
const cell = (page: Page, ward: string, row: string) =>
  page.locator(`[data-testid=violation-stats] [data-cell="${ward}:${row}"]`).textContent();

/** The value each ward carries in the rendered choropleth, by code. */
function drawnValues(page: Page) {
  return page.evaluate(() => {
    const map = (window as unknown as { __map: import('maplibre-gl').Map }).__map;
    if (!map.getLayer('choropleth-fill')) return null;
    const values: Record<string, unknown> = {};
    for (const f of map.queryRenderedFeatures({ layers: ['choropleth-fill'] })) {
      values[String(f.properties.code)] = f.properties.value;
    }
    return values;
  });
}

const fillColor = (page: Page) =>
  page.evaluate(() =>
    JSON.stringify(
      (window as unknown as { __map: import('maplibre-gl').Map }).__map.getPaintProperty(
        'choropleth-fill',
        'fill-color',
      ),
    ),
  );

test('the ward table counts what was reported, the wards take the colour of the chosen figure, and a past date empties them', async () => {
  const stats = await api<Stats>(running.app, null, 'GET', '/api/stats');
  expect(stats.violations.totals).toMatchObject({ total: 5, open: 4 });

  const context = await running.browser.newContext({ viewport: { width: 1280, height: 800 } });
  await signIn(context, running.app, planner);
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(`${running.app.url}/`);
  await waitForMap(page);
  await page.getByTestId('stats-link').click();
  expect(new URL(page.url()).pathname).toBe('/stats');
  await page.getByRole('heading', { name: 'Thống kê theo phường' }).waitFor();
  await page.getByTestId('violation-stats').waitFor();

  // The table says what the API says, ward by ward.
  for (const w of stats.violations.wards) {
    expect(await cell(page, w.code, 'total'), w.code).toBe(String(w.total));
    expect(await cell(page, w.code, 'open'), w.code).toBe(String(w.open));
  }
  expect(await cell(page, BAC_KAN, 'total')).toBe('3');
  expect(await cell(page, DUC_XUAN, 'open')).toBe('1');
  expect(await cell(page, 'all', 'total')).toBe('5');
  expect(await cell(page, BAC_KAN, 'kind:road_encroachment:reported')).toBe('2');
  expect(await cell(page, BAC_KAN, 'kind:illegal_construction:verified')).toBe('1');
  expect(await cell(page, DUC_XUAN, 'status:dismissed')).toBe('1');
  expect(await cell(page, PHONG_QUANG, 'total')).toBe('0');
  expect(await page.getByTestId('stats-when').textContent()).toContain('Hiện tại');

  // The layer switched on from the panel is filled by open cases first.
  expect(await page.getByLabel('Vi phạm đang xử lý').isChecked()).toBe(true);
  await page.getByLabel('Hiện lớp thống kê trên bản đồ').check();
  await expect
    .poll(() => drawnValues(page), { timeout: 15_000 })
    .toEqual({
      [BAC_KAN]: 3,
      [DUC_XUAN]: 1,
      [PHONG_QUANG]: 0,
    });
  const openFill = await fillColor(page);
  await page.getByTestId('choropleth-legend').waitFor();
  expect(await page.getByTestId('choropleth-legend').textContent()).toContain('Vi phạm đang xử lý');
  await page.screenshot({ path: join(SHOTS, 'ward-stats-open.png') });

  // Another figure: every case, then per 1,000 residents (the API's own rates).
  await page.getByLabel('Tổng số vi phạm', { exact: true }).check();
  await expect
    .poll(() => drawnValues(page))
    .toEqual({ [BAC_KAN]: 3, [DUC_XUAN]: 2, [PHONG_QUANG]: 0 });
  // Projects held up by obstacles: the one in Phong Quang.
  await page.getByLabel('Dự án GPMB đang vướng mắc').check();
  await expect
    .poll(() => drawnValues(page))
    .toEqual({ [BAC_KAN]: 0, [DUC_XUAN]: 0, [PHONG_QUANG]: 1 });
  const projects = page.getByTestId('project-stats');
  expect(await projects.locator(`[data-cell="${PHONG_QUANG}:blocked"]`).textContent()).toBe('1');
  expect(await projects.locator(`[data-cell="all:households:agreed"]`).textContent()).toBe('9');
  await projects.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SHOTS, 'ward-stats-projects.png') });

  await page.getByLabel('Vi phạm trên 1.000 dân').check();
  const rates = Object.fromEntries(stats.violations.wards.map((w) => [w.code, w.per_1000.total]));
  await expect.poll(() => drawnValues(page)).toEqual(rates);
  expect(await fillColor(page)).not.toBe(openFill);
  expect(new URL(page.url()).searchParams.get('figure')).toBe('per_1000');
  await page.screenshot({ path: join(SHOTS, 'ward-stats-per-1000.png') });

  // Dismissing a case from its page recolours its ward: Đức Xuân has no open case left.
  await page.getByLabel('Vi phạm đang xử lý').check();
  await page.getByTestId('count').click();
  await page.locator('.row', { hasText: 'Để xe trên vỉa hè' }).click();
  await page.locator('[data-step=dismissed]').click();
  await page.locator('[data-testid=step-form] input[name=note]').fill('Xe đã được dời đi');
  await page.getByRole('button', { name: 'Xác nhận' }).click();
  // The map zoomed to the case: Đức Xuân is the ward drawn now.
  await expect.poll(() => drawnValues(page)).toMatchObject({ [DUC_XUAN]: 0 });
  await page.screenshot({ path: join(SHOTS, 'ward-stats-dismissed.png') });
  await page.getByTestId('stats-link').click();
  await page.getByTestId('violation-stats').waitFor();
  expect(await cell(page, DUC_XUAN, 'status:dismissed')).toBe('2');
  // Back out to the whole area, as the planner would zoom out.
  const area = bbox({ type: 'FeatureCollection', features: WARDS.features });
  await page.evaluate((b) => {
    const map = (window as unknown as { __map: import('maplibre-gl').Map }).__map;
    map.fitBounds(b as [number, number, number, number], { animate: false, padding: 20 });
  }, area);

  // Yesterday (office time), before any of these reports: nothing to count, nothing to colour.
  const yesterday = localDate(new Date(Date.now() - 86_400_000));
  await page.locator('input[name=stats-as-of]').fill(yesterday);
  await expect
    .poll(() => page.getByTestId('stats-when').textContent())
    .toContain(`Trạng thái cuối ngày ${formatDateVi(yesterday)}`);
  expect(new URL(page.url()).searchParams.get('asOf')).toBe(yesterday);
  expect(await cell(page, 'all', 'total')).toBe('0');
  await expect
    .poll(() => drawnValues(page))
    .toEqual({ [BAC_KAN]: 0, [DUC_XUAN]: 0, [PHONG_QUANG]: 0 });
  await page.screenshot({ path: join(SHOTS, 'ward-stats-past.png') });
  expect(errors).toEqual([]);
  await context.close();
});

test('a phone opens /stats directly and reads the table under the map', async () => {
  const page = await running.browser.newPage({ viewport: { width: 390, height: 844 } });
  const errors = collectErrors(page);
  await page.goto(`${running.app.url}/stats`);
  await page.getByTestId('violation-stats').waitFor();
  expect(await cell(page, 'all', 'total')).toBe('5');
  // The public sees the counts but no date picker: the past is for staff.
  expect(await page.locator('input[name=stats-as-of]').count()).toBe(0);
  await page.screenshot({ path: join(SHOTS, 'ward-stats-phone.png') });
  expect(errors).toEqual([]);
});
