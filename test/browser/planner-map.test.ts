/**
 * The planner's map shell: layers switched and faded from the layer panel, filters that narrow
 * the map and the list alike, a view kept in the address (reload, back), the map of a past date,
 * and the same tools on a phone.
 */
import { beforeAll, expect, test } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
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

const running = useAppAndBrowser();
let inspector: TestUser;
let planner: TestUser;

/** Close enough for every pin to be drawn on its own (clusters end at zoom 14), all in a phone's view. */
const PLACE = 'map=15/22.1445/105.8320';

const ROAD = 'Quán nước lấn chiếm lòng đường Nguyễn Văn Tố';
const SIDEWALK = 'Bày hàng lấn chiếm vỉa hè chợ Đức Xuân';
const BUILDING = 'Xây nhà không phép tổ 5';

const report = (lon: number, lat: number, kind: string, description: string) =>
  createViolation(
    running.app,
    {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [lon, lat] },
      properties: { kind, description },
    },
    inspector,
  );

beforeAll(async () => {
  [inspector, planner] = await Promise.all([
    createUser(running.app, 'inspector'),
    // An office worker who both reports and advances cases.
    createUser(running.app, ['planner', 'inspector']),
  ]);
  await report(105.834, 22.147, 'road_encroachment', ROAD);
  await report(105.8345, 22.1468, 'sidewalk_encroachment', SIDEWALK);
  await report(105.829, 22.141, 'illegal_construction', BUILDING);
});

/** The descriptions of the violation pins the map draws now, sorted. */
function drawnPins(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const map = (window as unknown as { __map: import('maplibre-gl').Map }).__map;
    if (!map.getLayer('violations-points')) return [];
    const drawn = map.queryRenderedFeatures({ layers: ['violations-points'] });
    return [...new Set(drawn.map((f) => String(f.properties.description)))].sort();
  });
}

/** Whether a style layer is on the map now. */
function hasLayer(page: Page, id: string): Promise<boolean> {
  return page.evaluate(
    (layer) => !!(window as unknown as { __map: import('maplibre-gl').Map }).__map.getLayer(layer),
    id,
  );
}

const query = (page: Page) => new URL(page.url()).searchParams;

/** Today in the office's time zone, and the day before, as YYYY-MM-DD. */
function officeDays(): { today: string; yesterday: string } {
  const day = (d: Date) => d.toLocaleDateString('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' });
  const now = new Date();
  return { today: day(now), yesterday: day(new Date(now.getTime() - 24 * 3600 * 1000)) };
}

async function openPlanner(page: Page, search = `?${PLACE}`): Promise<void> {
  await page.goto(`${running.app.url}/${search}`);
  await waitForMap(page);
}

test('a layer switched off leaves the map and the address; back brings it again', async () => {
  const context = await running.browser.newContext({ viewport: { width: 1280, height: 800 } });
  await signIn(context, running.app, planner);
  const page = await context.newPage();
  const errors = collectErrors(page);
  await openPlanner(page);
  await expect.poll(() => drawnPins(page)).toEqual([BUILDING, ROAD, SIDEWALK].sort());

  await page.getByTestId('open-layers').click();
  const panel = page.getByTestId('layer-panel');
  await panel.getByRole('checkbox', { name: 'Vi phạm' }).uncheck();
  await expect.poll(() => hasLayer(page, 'violations-points')).toBe(false);
  expect(query(page).get('layers')).toBe('projects,gaps,wards');
  expect(await drawnPins(page)).toEqual([]);

  await page.goBack();
  await expect.poll(() => hasLayer(page, 'violations-points')).toBe(true);
  expect(query(page).has('layers')).toBe(false);
  await expect.poll(() => panel.getByRole('checkbox', { name: 'Vi phạm' }).isChecked()).toBe(true);

  // The former units come on under the pins, with their own legend; the wards fade to half.
  await panel.getByRole('checkbox', { name: 'Đơn vị hành chính cũ (2024)' }).check();
  await expect.poll(() => hasLayer(page, 'wards2024-outline')).toBe(true);
  const order = await page.evaluate(() =>
    (window as unknown as { __map: import('maplibre-gl').Map }).__map
      .getStyle()
      .layers.map((l) => l.id),
  );
  expect(order.indexOf('wards2024-outline')).toBeLessThan(order.indexOf('violations-points'));
  await expect
    .poll(() => page.getByTestId('legend-wards2024').textContent())
    .toContain('trước sáp nhập');
  await panel.getByLabel('Độ đậm Phường, xã (từ 01/7/2025)').fill('50');
  await expect
    .poll(() =>
      page.evaluate(() =>
        (window as unknown as { __map: import('maplibre-gl').Map }).__map.getPaintProperty(
          'wards-fill',
          'fill-opacity',
        ),
      ),
    )
    .toBe(0.3);
  expect(query(page).get('layers')).toBe('violations,projects,gaps,wards:50,wards2024');
  await expect.poll(() => drawnPins(page)).toHaveLength(3);
  await page.screenshot({ path: join(SHOTS, 'planner-layers.png') });
  expect(errors).toEqual([]);
  await context.close();
});

test('filters by kind and by text without accents narrow the map and the list, and a reload keeps them', async () => {
  const context = await running.browser.newContext({ viewport: { width: 1280, height: 800 } });
  await signIn(context, running.app, planner);
  const page = await context.newPage();
  const errors = collectErrors(page);
  await openPlanner(page);
  await expect.poll(() => drawnPins(page)).toHaveLength(3);

  await page.getByTestId('open-filters').click();
  const kinds = page.getByTestId('filter-kinds');
  await kinds.getByRole('button', { name: 'Lấn chiếm lòng đường' }).click();
  await kinds.getByRole('button', { name: 'Lấn chiếm vỉa hè' }).click();
  await expect.poll(() => drawnPins(page)).toEqual([ROAD, SIDEWALK].sort());
  await expect.poll(() => page.getByTestId('count').textContent()).toBe('2 vi phạm');
  expect(query(page).get('kind')).toBe('road_encroachment,sidewalk_encroachment');

  await page.getByTestId('filter-q').fill('lan chiem via he');
  await expect.poll(() => drawnPins(page)).toEqual([SIDEWALK]);
  await expect.poll(() => query(page).get('q')).toBe('lan chiem via he');
  expect(await page.getByTestId('filter-count').textContent()).toBe('1 vi phạm khớp');
  await page.screenshot({ path: join(SHOTS, 'planner-filters.png') });

  // The list shows what the map shows.
  await page.getByTestId('count').click();
  await page.getByTestId('violation-list').waitFor();
  await expect.poll(() => page.getByTestId('list-count').textContent()).toBe('1 vi phạm');
  expect(await page.locator('.row-text').allTextContents()).toEqual([SIDEWALK]);
  expect(new URL(page.url()).pathname).toBe('/violations');
  expect(query(page).get('q')).toBe('lan chiem via he');

  // The bookmarked address opens the same view in a fresh page.
  const bookmark = page.url();
  const again = await context.newPage();
  await again.goto(bookmark);
  await waitForMap(again);
  await expect.poll(() => drawnPins(again)).toEqual([SIDEWALK]);
  await again.getByTestId('open-filters').click();
  expect(await again.getByTestId('filter-q').inputValue()).toBe('lan chiem via he');
  const pressed = await again
    .getByTestId('filter-kinds')
    .locator('[aria-pressed=true]')
    .allTextContents();
  expect(pressed.map((s) => s.trim())).toEqual([
    'Lấn chiếm lòng đường',
    'Lấn chiếm vỉa hè, lề đường',
  ]);
  const center = await again.evaluate(() => {
    const map = (window as unknown as { __map: import('maplibre-gl').Map }).__map;
    return { ...map.getCenter(), zoom: map.getZoom() };
  });
  expect(center.zoom).toBeCloseTo(15, 2);
  expect(center.lat).toBeCloseTo(22.1445, 4);
  expect(center.lng).toBeCloseTo(105.832, 4);

  await again.getByRole('button', { name: 'Bỏ lọc' }).click();
  await expect.poll(() => drawnPins(again)).toHaveLength(3);
  expect(query(again).has('kind')).toBe(false);

  // The ward filter keeps the records the server placed in that ward.
  const all = await api<{
    features: { properties: { description: string; ward: { code: string } | null } }[];
  }>(running.app, planner, 'GET', '/api/violations');
  for (const [id, name] of [
    ['2025-01843', 'Phường Bắc Kạn'],
    ['2025-01840', 'Phường Đức Xuân'],
  ]) {
    const inWard = all.features
      .filter((f) => f.properties.ward?.code === id)
      .map((f) => f.properties.description)
      .sort();
    await again.getByTestId('filter-ward').selectOption({ label: name });
    await expect.poll(() => drawnPins(again)).toEqual(inWard);
    expect(query(again).get('ward')).toBe(id);
  }
  expect(errors).toEqual([]);
  await context.close();
});

test('the map of a past date shows that day, says so, and allows no editing', async () => {
  const { today, yesterday } = officeDays();
  const context = await running.browser.newContext({ viewport: { width: 1280, height: 800 } });
  await signIn(context, running.app, planner);
  const page = await context.newPage();
  const errors = collectErrors(page);
  await openPlanner(page);
  await expect.poll(() => drawnPins(page)).toHaveLength(3);
  await expect(page.getByTestId('report').isVisible()).resolves.toBe(true);

  await page.getByTestId('open-layers').click();
  expect(await page.getByTestId('as-of').textContent()).toContain('hiện tại');
  // Every record was made today: at the end of yesterday the map was empty.
  await page.getByLabel('Bản đồ tại ngày').fill(yesterday);
  await expect.poll(() => page.getByTestId('count').textContent()).toBe('0 vi phạm');
  await expect.poll(() => drawnPins(page)).toEqual([]);
  const banner = page.getByTestId('past-banner');
  const [y, m, d] = yesterday.split('-');
  expect(await banner.textContent()).toContain(`${d}/${m}/${y}`);
  expect(await banner.textContent()).toContain('không chỉnh sửa');
  expect(await page.getByTestId('report').count()).toBe(0);
  expect(query(page).get('asOf')).toBe(yesterday);
  await page.screenshot({ path: join(SHOTS, 'planner-as-of.png') });

  await page.getByLabel('Bản đồ tại ngày').fill(today);
  await expect.poll(() => drawnPins(page)).toHaveLength(3);

  // A record opened on a past map has no edit or step buttons.
  const id = await page.evaluate(() => {
    const map = (window as unknown as { __map: import('maplibre-gl').Map }).__map;
    return String(map.queryRenderedFeatures({ layers: ['violations-points'] })[0]!.properties.id);
  });
  await page.goto(`${running.app.url}/violations/${id}?asOf=${today}`);
  await page.getByTestId('violation-detail').waitFor();
  await page.getByTestId('past-banner').waitFor();
  expect(await page.getByTestId('edit').count()).toBe(0);

  await page.getByTestId('past-banner').getByRole('button', { name: 'Về hiện tại' }).click();
  expect(await page.getByTestId('past-banner').count()).toBe(0);
  await page.getByTestId('edit').waitFor();
  expect(query(page).has('asOf')).toBe(false);
  expect(errors).toEqual([]);
  await context.close();
});

test('an anonymous reader of a shared past-date link sees today, with no date control', async () => {
  const { yesterday } = officeDays();
  const context = await running.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors = collectErrors(page);
  await openPlanner(page, `?${PLACE}&asOf=${yesterday}`);
  await expect.poll(() => drawnPins(page)).toHaveLength(3);
  expect(await page.getByTestId('past-banner').count()).toBe(0);
  await page.getByTestId('open-layers').click();
  await page.getByTestId('layer-panel').waitFor();
  expect(await page.getByTestId('as-of').count()).toBe(0);
  expect(new URL(page.url()).pathname).toBe('/');
  expect(errors).toEqual([]);
  await context.close();
});

test('on a phone the tools fit the screen and the filters work', async () => {
  const context = await running.browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 2,
    // A Vietnamese phone: date fields read dd/mm/yyyy.
    locale: 'vi-VN',
  });
  await signIn(context, running.app, planner);
  const page = await context.newPage();
  const errors = collectErrors(page);
  await openPlanner(page);
  await page.screenshot({ path: join(SHOTS, 'planner-phone.png') });
  await expect.poll(() => drawnPins(page)).toHaveLength(3);

  await page.getByTestId('open-filters').tap();
  const card = page.getByTestId('filter-panel');
  await card.waitFor();
  await page.getByTestId('filter-kinds').getByRole('button', { name: 'Xây dựng không phép' }).tap();
  await expect.poll(() => drawnPins(page)).toEqual([BUILDING]);
  const box = (await card.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(390);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: join(SHOTS, 'planner-phone-filters.png') });

  await page.getByTestId('open-layers').tap();
  await page.getByTestId('layer-panel').waitFor();
  await page.screenshot({ path: join(SHOTS, 'planner-phone-layers.png') });
  expect(errors).toEqual([]);
  await context.close();
});
