/**
 * The street map under the records: streets, buildings and places from a street map's server
 * (one this test starts on this machine, as OpenFreeMap would answer), Vietnamese names first,
 * the app's own layers above it; and, where that server does not answer, the boundaries within
 * about 3 s with a small notice, no blank map and no error in the console. On a phone the
 * attribution folds into its ⓘ and leaves the scale bar free.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { BrowserContextOptions, Page } from 'playwright-core';
import {
  collectErrors,
  SHOTS,
  startApp,
  unexpected,
  useAppAndBrowser,
  waitForMap,
} from './harness.ts';
import { AT, STREET, startStreetFixture, type StreetFixture } from './street-fixture.ts';

let streets: StreetFixture;
let down: StreetFixture;
beforeAll(async () => {
  [streets, down] = await Promise.all([startStreetFixture(), startStreetFixture({ hold: true })]);
});
afterAll(async () => {
  await Promise.all([streets?.close(), down?.close()]);
});
const running = useAppAndBrowser(() => ({
  BASEMAP: 'streets',
  BASEMAP_STREETS_URL: streets.styleUrl,
}));

const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 }, locale: 'vi-VN' };
const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  locale: 'vi-VN',
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
};

type MapWindow = { __map: import('maplibre-gl').Map };

/** The style's layer ids in drawing order, and what the street layers drew on screen. */
function drawn(page: Page) {
  return page.evaluate(() => {
    const map = (window as unknown as MapWindow).__map;
    const names = (layer: string) =>
      map.queryRenderedFeatures({ layers: [layer] }).map((f) => String(f.properties.name));
    return {
      sources: Object.keys(map.getStyle().sources),
      order: map.getStyle().layers.map((l) => l.id),
      roads: names('road_primary'),
      buildings: map.queryRenderedFeatures({ layers: ['building'] }).length,
      roadLabel: map.getLayoutProperty('road_name', 'text-field'),
      wardTint: map.getPaintProperty('wards-fill', 'fill-opacity'),
    };
  });
}

for (const [device, options] of [
  ['desktop', DESKTOP],
  ['phone', PHONE],
] as const) {
  test(`on a ${device}, the map opens on the streets with their Vietnamese names, the records above them`, async () => {
    const context = await running.browser.newContext(options);
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(`${running.app.url}/?map=16.5/${AT.lat}/${AT.lon}`);
    await waitForMap(page);
    await expect.poll(async () => (await drawn(page)).roads).toContain(STREET);
    const map = await drawn(page);
    expect(map.sources).toContain('openmaptiles');
    expect(map.buildings).toBeGreaterThan(0);
    // The style wrote Latin names ("Truong Chinh"): the app writes the Vietnamese one first.
    expect(map.roadLabel).toEqual(['coalesce', ['get', 'name:vi'], ['get', 'name']]);
    // The wards tint the streets rather than cover them, and they and the records draw above
    // every layer of the street map.
    expect(map.wardTint).toBeLessThan(0.2);
    const top = Math.max(map.order.indexOf('road_name'), map.order.indexOf('place_label'));
    expect(map.order.indexOf('wards-outline')).toBeGreaterThan(top);
    expect(map.order.indexOf('violations-points')).toBeGreaterThan(top);
    // The tiles came from the street map's server, at its relative address made absolute.
    expect(streets.served.some((p) => /^\/tiles\/14\/\d+\/\d+\.pbf$/.test(p))).toBe(true);
    expect(await page.getByTestId('basemap-offline').count()).toBe(0);
    await page.locator('.maplibregl-ctrl-attrib-button').click();
    await expect
      .poll(() => page.locator('.maplibregl-ctrl-attrib-inner').textContent())
      .toContain('OpenStreetMap');
    await page.screenshot({ path: join(SHOTS, `basemap-streets-${device}.png`) });
    expect(unexpected(errors)).toEqual([]);
    await context.close();
  });
}

test('where the street map does not answer, the boundaries show within about 3 s and a notice says the streets are offline', async () => {
  const app = await startApp({ BASEMAP: 'streets', BASEMAP_STREETS_URL: down.styleUrl });
  try {
    const context = await running.browser.newContext(PHONE);
    const page = await context.newPage();
    const errors = collectErrors(page);
    const started = Date.now();
    await page.goto(`${app.url}/?map=15/${AT.lat}/${AT.lon}`);
    await waitForMap(page);
    const waited = Date.now() - started;
    // The server asked the street map once as it started and stopped waiting after 3 s; the page
    // then had the boundaries' style at once. The rest is the app's own start on this machine.
    expect(waited).toBeLessThan(10_000);
    expect(down.served).toContain('/style.json');
    const notice = page.getByTestId('basemap-offline');
    await expect
      .poll(() => notice.textContent())
      .toBe('Bản đồ đường phố đang ngoại tuyến: chỉ hiện ranh giới');
    const { sources, wardFill } = await page.evaluate(() => {
      const map = (window as unknown as MapWindow).__map;
      return {
        sources: Object.keys(map.getStyle().sources),
        wardFill: map.getPaintProperty('wards-fill', 'fill-opacity'),
      };
    });
    expect(sources).not.toContain('openmaptiles');
    expect(sources).toContain('wards');
    // On the plain background the wards are the ground, filled as they always were.
    expect(wardFill).toBe(0.6);
    // On a phone the attribution, open at first, folds into its ⓘ, and the scale bar shows.
    await expect
      .poll(() => page.locator('.maplibregl-ctrl-attrib').getAttribute('class'))
      .not.toContain('maplibregl-compact-show');
    const scaleOnTop = await page.evaluate(() => {
      const scale = document.querySelector('.maplibregl-ctrl-scale')!;
      const box = scale.getBoundingClientRect();
      return scale.contains(document.elementFromPoint(box.x + 5, box.y + box.height / 2));
    });
    expect(scaleOnTop).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'basemap-offline-phone.png') });
    expect(unexpected(errors)).toEqual([]);
    await context.close();
  } finally {
    await app.stop();
  }
});
