/**
 * What an inspector does in the browser: open the map, drop a pin, submit, reload and see it; a
 * planner advances its enforcement step; on a desktop and on a 390×844 phone, with no console
 * errors.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { join } from 'node:path';
import {
  collectErrors,
  createUser,
  createViolation,
  pixelOf,
  SHOTS,
  signIn,
  useAppAndBrowser,
  waitForMap,
  type TestUser,
} from './harness.ts';

const running = useAppAndBrowser();
let inspector: TestUser;
let planner: TestUser;

beforeAll(async () => {
  [inspector, planner] = await Promise.all([
    createUser(running.app, 'inspector'),
    createUser(running.app, 'planner'),
  ]);
});

/** A place inside phường Đức Xuân (DOMAIN.md's check value). */
const DUC_XUAN = { lon: 105.834, lat: 22.147 };

async function openApp(viewport: { width: number; height: number }, path = '/') {
  const context = await running.browser.newContext({ viewport, locale: 'vi-VN' });
  await signIn(context, running.app, inspector);
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(running.app.url + path);
  await waitForMap(page);
  return { page, errors, context };
}

async function dropPinAndSubmit(page: Page, where: { lon: number; lat: number }, text: string) {
  await page.getByTestId('report').click();
  await expect
    .poll(() => page.getByRole('status').first().textContent())
    .toContain('Chạm vào bản đồ');
  const at = await pixelOf(page, where.lon, where.lat);
  await page.mouse.click(at.x, at.y);
  await expect.poll(() => page.getByTestId('pin-position').textContent()).toMatch(/^22\.14/);
  await page.locator('input[name=kind][value=sidewalk_encroachment]').check();
  await page.locator('input[name=description]').fill(text);
  await page.getByRole('button', { name: 'Lưu' }).click();
  await page.getByTestId('violation-detail').waitFor();
  await expect.poll(() => page.locator('.description').textContent()).toBe(text);
  return new URL(page.url()).pathname.split('/').pop()!;
}

async function renderedIds(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const map = (window as unknown as { __map: import('maplibre-gl').Map }).__map;
    return map
      .querySourceFeatures('violations')
      .map((f) => f.properties?.id as string | undefined)
      .filter((id): id is string => !!id);
  });
}

describe('reporting a violation on a desktop', () => {
  let page: Page;
  let errors: string[];
  let context: BrowserContext;
  let id: string;

  test('opens on Bắc Kạn with the three 2025 units drawn and no errors', async () => {
    ({ page, errors, context } = await openApp({ width: 1280, height: 800 }));
    const wardNames = await page.evaluate(() => {
      const map = (window as unknown as { __map: import('maplibre-gl').Map }).__map;
      return [...new Set(map.querySourceFeatures('wards').map((f) => f.properties?.name))].sort();
    });
    expect(wardNames).toEqual(['Phường Bắc Kạn', 'Phường Đức Xuân', 'Xã Phong Quang']);
    // Each unit is labelled once, with its full Vietnamese name, in the opening view.
    const labelled = () =>
      page.evaluate(() => {
        const map = (window as unknown as { __map: import('maplibre-gl').Map }).__map;
        return map
          .queryRenderedFeatures({ layers: ['wards-label'] })
          .map((f) => f.properties?.name)
          .sort();
      });
    await expect.poll(labelled).toEqual(['Phường Bắc Kạn', 'Phường Đức Xuân', 'Xã Phong Quang']);
    expect(await page.locator('h1 .long').textContent()).toBe('Bản đồ trật tự đô thị Bắc Kạn');
    expect(errors).toEqual([]);
  });

  test('a pin dropped by tapping the map is saved, keeps its ward and shows on the map', async () => {
    id = await dropPinAndSubmit(page, DUC_XUAN, 'Lấn chiếm vỉa hè bán hàng, đường Trường Chinh');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await page.getByTestId('violation-detail').textContent()).toContain('Phường Đức Xuân');
    expect(await page.getByTestId('status').textContent()).toContain('Mới phát hiện');
    await expect.poll(() => renderedIds(page)).toContain(id);
    expect(await page.getByTestId('count').textContent()).toBe('1 vi phạm');
    // The inspector may still correct their own report, but cannot move it along.
    expect(await page.getByTestId('edit').count()).toBe(1);
    expect(await page.locator('[data-step]').count()).toBe(0);
  });

  test('after a reload the record page opens directly and the pin is still there', async () => {
    await page.reload();
    await waitForMap(page);
    await page.getByTestId('violation-detail').waitFor();
    expect(await page.locator('.description').textContent()).toBe(
      'Lấn chiếm vỉa hè bán hàng, đường Trường Chinh',
    );
    await expect.poll(() => renderedIds(page)).toContain(id);
    await page.screenshot({ path: join(SHOTS, 'desktop-detail.png') });
  });

  test('a planner moves the case along its steps with the deadline the law sets', async () => {
    await signIn(context, running.app, planner);
    await page.reload();
    await waitForMap(page);
    await page.locator('[data-step=verified]').click();
    await page.getByRole('button', { name: 'Xác nhận' }).click();
    await expect.poll(() => page.getByTestId('status').textContent()).toContain('Đã xác minh');

    await page.locator('[data-step=recorded]').click();
    await page.locator('input[name=record_number]').fill('15/BB-TTĐT');
    await page.getByRole('button', { name: 'Xác nhận' }).click();
    await expect.poll(() => page.getByTestId('status').textContent()).toContain('Đã lập biên bản');
    // A penalty decision is due 7 working days after the record: the page shows a dd/mm/yyyy date.
    expect(await page.getByTestId('deadline').textContent()).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    // Only the legal next step is offered.
    const offered = () =>
      page.locator('[data-step]').evaluateAll((b) => b.map((x) => x.getAttribute('data-step')));
    await expect.poll(offered).toEqual(['decided']);
    await expect.poll(() => page.getByTestId('history').locator('li').count()).toBe(3);

    const api = await (await fetch(`${running.app.url}/api/violations/${id}`)).json();
    expect(api.properties.status).toBe('recorded');
    expect(api.properties.steps.map((s: { status: string }) => s.status)).toEqual([
      'reported',
      'verified',
      'recorded',
    ]);
    expect(errors).toEqual([]);
  });

  test('user text is shown as text, never run as HTML', async () => {
    await signIn(context, running.app, inspector);
    await page.reload();
    await waitForMap(page);
    await page.getByRole('button', { name: 'Đóng' }).click();
    const hostile = '<img src=x onerror="window.__pwned=1">Đổ vật liệu';
    await dropPinAndSubmit(page, { lon: 105.836, lat: 22.149 }, hostile);
    expect(await page.locator('.description').textContent()).toBe(hostile);
    expect(await page.locator('.description img').count()).toBe(0);
    expect(
      await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned),
    ).toBeUndefined();
  });

  test('switches to English and back, remembering the choice', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    expect(await page.getByTestId('status').textContent()).toContain('Reported');
    await page.reload();
    await waitForMap(page);
    expect(await page.locator('h1 .long').textContent()).toBe('Bắc Kạn urban order map');
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
    expect(await page.locator('h1 .long').textContent()).toBe('Bản đồ trật tự đô thị Bắc Kạn');
    await page.getByRole('button', { name: 'Đóng' }).click();
    await page.screenshot({ path: join(SHOTS, 'desktop-map.png') });
    expect(errors).toEqual([]);
  });
});

describe('reporting on a 390×844 phone', () => {
  test('the form fits the screen and a report is saved from it', async () => {
    const { page, errors, context } = await openApp({ width: 390, height: 844 });
    // The report buttons cover no other control of the map, the attribution open or folded.
    for (const folded of [false, true]) {
      if (folded) {
        await expect
          .poll(() => page.locator('.maplibregl-ctrl-attrib').getAttribute('class'))
          .not.toContain('maplibregl-compact-show');
      }
      const overlaps = await page.evaluate(() => {
        const boxes = (selector: string) =>
          [...document.querySelectorAll(selector)].map((e) => e.getBoundingClientRect());
        const meet = (a: DOMRect, b: DOMRect) =>
          a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
        const others = boxes(
          '.maplibregl-ctrl-group, .maplibregl-ctrl-attrib, .maplibregl-ctrl-scale, .map-tools button',
        );
        return boxes('.fab-row .fab').filter((fab) => others.some((o) => meet(fab, o))).length;
      });
      expect(overlaps).toBe(0);
    }
    await page.getByTestId('report').click();
    const at = await pixelOf(page, 105.8345, 22.1475);
    await page.mouse.click(at.x, at.y);
    await page.getByTestId('violation-form').waitFor();
    // The map the pin is placed on keeps half the screen at least; the form scrolls below it.
    const mapBox = await page.getByTestId('map').boundingBox();
    expect(mapBox!.height).toBeGreaterThanOrEqual(844 / 2);
    await page.screenshot({ path: join(SHOTS, 'phone-form.png') });
    // Nothing of the form sticks out sideways on a phone.
    const widths = await page.evaluate(() => [
      document.documentElement.scrollWidth,
      window.innerWidth,
    ]);
    expect(widths[0]).toBeLessThanOrEqual(widths[1]!);
    const save = await page.getByRole('button', { name: 'Lưu' }).boundingBox();
    expect(save!.height).toBeGreaterThanOrEqual(44);
    await page.locator('input[name=kind][value=illegal_grading]').check();
    await page.locator('input[name=description]').fill('San lấp đất ven suối');
    await page.getByRole('button', { name: 'Lưu' }).click();
    await page.getByTestId('violation-detail').waitFor();
    await page.screenshot({ path: join(SHOTS, 'phone-detail.png') });
    await page.getByRole('button', { name: 'Đóng' }).click();
    await page.screenshot({ path: join(SHOTS, 'phone-map.png') });
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('reporting at the GPS position', () => {
  test('puts the pin at the fix, draws its accuracy and saves it there', async () => {
    const context = await running.browser.newContext({
      viewport: { width: 390, height: 844 },
      geolocation: { longitude: 105.8352, latitude: 22.1468, accuracy: 25 },
      permissions: ['geolocation'],
    });
    await signIn(context, running.app, inspector);
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(running.app.url);
    await waitForMap(page);
    await page.getByRole('button', { name: 'Báo tại vị trí GPS' }).click();
    await expect
      .poll(() => page.getByTestId('pin-position').textContent())
      .toBe('22.146800, 105.835200');
    expect(await page.getByTestId('pin-accuracy').textContent()).toBe('Sai số ± 25 m');
    // The accuracy circle is drawn around the pin with a 25 m radius.
    const radiusOnMap = () =>
      page.evaluate(() => {
        const map = (window as unknown as { __map: import('maplibre-gl').Map }).__map;
        const circle = map
          .querySourceFeatures('draft-pin')
          .find((f) => f.geometry.type === 'Polygon');
        if (!circle || circle.geometry.type !== 'Polygon') return null;
        const [lon, lat] = circle.geometry.coordinates[0]![0]!;
        // Metres between the pin and a vertex of the circle (equirectangular is exact enough at 25 m).
        const dx = (lon! - 105.8352) * 111_320 * Math.cos((22.1468 * Math.PI) / 180);
        const dy = (lat! - 22.1468) * 110_574;
        return Math.hypot(dx, dy);
      });
    await expect.poll(radiusOnMap).not.toBeNull();
    const radius = (await radiusOnMap())!;
    expect(radius).toBeGreaterThan(22);
    expect(radius).toBeLessThan(28);
    await page.screenshot({ path: join(SHOTS, 'phone-gps.png') });
    await page.locator('input[name=kind][value=road_encroachment]').check();
    await page.locator('input[name=description]').fill('Dựng mái che lấn lòng đường');
    await page.getByRole('button', { name: 'Lưu' }).click();
    await page.getByTestId('violation-detail').waitFor();
    const id = new URL(page.url()).pathname.split('/').pop();
    const saved = await (await fetch(`${running.app.url}/api/violations/${id}`)).json();
    expect(saved.geometry.coordinates).toEqual([105.8352, 22.1468]);
    expect(saved.properties.ward.code).toBe('2025-01840');
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('a graded area', () => {
  test('drawn as a polygon, opens its page when clicked', async () => {
    const [x, y] = [105.8405, 22.1505];
    const area = {
      type: 'Feature',
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [x, y],
            [x + 0.002, y],
            [x + 0.002, y + 0.0015],
            [x, y + 0.0015],
            [x, y],
          ],
        ],
      },
      properties: { kind: 'illegal_grading', description: 'San ủi đồi trái phép' },
    };
    const created = await createViolation(running.app, area, inspector);
    const { page, errors, context } = await openApp({ width: 1280, height: 800 });
    await page.evaluate(
      ([cx, cy]) => {
        const map = (window as unknown as { __map: import('maplibre-gl').Map }).__map;
        map.jumpTo({ center: [cx!, cy!], zoom: 16 });
      },
      [x + 0.001, y + 0.00075],
    );
    const centre = [x + 0.001, y + 0.00075];
    const hit = () =>
      page.evaluate((lngLat) => {
        const map = (window as unknown as { __map: import('maplibre-gl').Map }).__map;
        return map
          .queryRenderedFeatures(map.project(lngLat as [number, number]), {
            layers: ['violations-areas-fill'],
          })
          .map((f) => f.properties?.id);
      }, centre);
    await expect.poll(hit).toEqual([created.id]);
    const inside = await pixelOf(page, centre[0]!, centre[1]!);
    await page.mouse.click(inside.x, inside.y);
    await page.getByTestId('violation-detail').waitFor();
    expect(await page.locator('.description').textContent()).toBe('San ủi đồi trái phép');
    expect(new URL(page.url()).pathname).toBe(`/violations/${created.id}`);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('a pin outside the service area', () => {
  test('is refused with a message, keeps what was typed, and saves once moved inside', async () => {
    const { page, errors, context } = await openApp({ width: 1280, height: 800 });
    await page.getByTestId('report').click();
    // The south-west corner of the area's bounding box lies outside every unit.
    const outside = await pixelOf(page, 105.7009, 22.0776);
    await page.mouse.click(outside.x, outside.y);
    await page.locator('input[name=kind][value=illegal_construction]').check();
    await page.locator('input[name=description]').fill('Nhà xây trái phép cạnh suối');
    await page.getByRole('button', { name: 'Lưu' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain('nằm ngoài địa bàn quản lý');
    expect(await page.locator('input[name=description]').inputValue()).toBe(
      'Nhà xây trái phép cạnh suối',
    );

    const inside = await pixelOf(page, 105.834, 22.147);
    await page.mouse.click(inside.x, inside.y);
    await page.getByRole('button', { name: 'Lưu' }).click();
    await page.getByTestId('violation-detail').waitFor();
    expect(await page.locator('.description').textContent()).toBe('Nhà xây trái phép cạnh suối');
    // The refused attempt wrote nothing; the accepted one is there once.
    const all = await (await fetch(`${running.app.url}/api/violations?q=canh%20suoi`)).json();
    expect(all.numberMatched).toBe(1);
    // The refusal's 422 is the only console error: the browser logs failed requests.
    expect(errors.filter((e) => !e.includes('422'))).toEqual([]);
    await context.close();
  });
});
