/**
 * An inspector in the field on a 390×844 phone: the app installs for offline use, three reports
 * with photos are captured with no network and survive a reload, then reach the server exactly
 * once each; a report whose answer the network holds waits again without holding the next one
 * back; an open case of the same kind nearby is offered and a note and photo go to it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { toVn2000, VN2000_NAME } from '../../server/domain/vn2000.ts';
import { TIMEOUT_SETTING } from '../../web/src/lib/offline/timeouts.ts';
import { withExif } from '../fixtures/photos/exif.ts';
import {
  api,
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

beforeAll(async () => {
  inspector = await createUser(running.app, 'inspector', { display_name: 'Nông Văn Tú' });
});

const STREET_JPG = new URL('../fixtures/photos/street.jpg', import.meta.url).pathname;
/** Inside phường Đức Xuân (DOMAIN.md's check value). */
const DUC_XUAN = { lon: 105.834, lat: 22.147 };

async function phoneAt(where: { lon: number; lat: number }, options: BrowserContextOptions = {}) {
  const context = await running.browser.newContext({
    viewport: { width: 390, height: 844 },
    locale: 'vi-VN',
    geolocation: { longitude: where.lon, latitude: where.lat, accuracy: 12 },
    permissions: ['geolocation'],
    ...options,
  });
  await signIn(context, running.app, inspector);
  const page = await context.newPage();
  const errors = collectErrors(page);
  return { context, page, errors };
}

/** Opens the capture screen at the GPS fix and waits for the pin. */
async function captureAtGps(page: Page, expected: string) {
  await page.getByRole('button', { name: 'Báo tại vị trí GPS' }).click();
  await expect.poll(() => page.getByTestId('pin-position').textContent()).toBe(expected);
}

/** X and Y as the capture screen writes them in Vietnamese: metres, two decimals, comma. */
function gridText(lon: number, lat: number) {
  const { northing, easting } = toVn2000(lon, lat);
  const m = (v: number) => `${v.toFixed(2).replace('.', ',')} m`;
  return { x: m(northing), y: m(easting) };
}

const pendingCount = (page: Page) => page.getByTestId('pending-count').getAttribute('data-count');

/** How far the top bar's buttons run past the screen's edge (0 when all of them fit). */
const topBarOverflow = (page: Page) =>
  page.evaluate(() => {
    const bar = document.querySelector('.topbar')!;
    return bar.scrollWidth - bar.clientWidth;
  });

/** How long until the queue tries a waiting capture again on its own, from what the phone keeps. */
const retryDue = (page: Page, id: string) =>
  page.evaluate(
    (key) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('uim-outbox');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('items').objectStore('items').get(key);
          get.onerror = () => reject(get.error);
          get.onsuccess = () => {
            open.result.close();
            resolve(Date.parse(get.result.backoff.at) - Date.now());
          };
        };
      }),
    id,
  );

interface Listed {
  id: string;
  properties: { description: string; photos: { taken_at: string | null; position: unknown }[] };
  geometry: { coordinates: number[] };
}

describe('the installable app', () => {
  test('has a public manifest in Vietnamese with its icons, fetched without cookies', async () => {
    const res = await fetch(`${running.app.url}/manifest.webmanifest`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/manifest+json');
    const manifest = (await res.json()) as {
      name: string;
      lang: string;
      theme_color: string;
      display: string;
      icons: { src: string; sizes: string }[];
    };
    expect(manifest).toMatchObject({
      name: 'Bản đồ trật tự đô thị Bắc Kạn',
      lang: 'vi',
      theme_color: '#0b4f6c',
      display: 'standalone',
    });
    for (const size of ['192x192', '512x512']) {
      const icon = manifest.icons.find((i) => i.sizes === size)!;
      const png = await fetch(new URL(icon.src, running.app.url));
      expect(png.headers.get('content-type')).toBe('image/png');
    }
  });
});

describe('capturing with no network', () => {
  test('three reports wait on the phone through a reload, then reach the server once each', async () => {
    const { context, page, errors } = await phoneAt(DUC_XUAN);
    await page.goto(running.app.url);
    await waitForMap(page);
    // Online once: the service worker installs, takes this page and keeps what it needs.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    const kept = () =>
      page.evaluate(async () => {
        const names = async (cache: string) =>
          (await (await caches.open(cache)).keys()).map((r) => new URL(r.url).pathname);
        return [...(await names('uim-reference')), ...(await names('uim-records'))].sort();
      });
    await expect
      .poll(kept, { timeout: 15_000 })
      .toEqual(['/api/config', '/api/violations', '/api/wards']);

    await context.setOffline(true);

    // 1. At the GPS fix, a photo from the gallery, a kind, one line of text.
    await captureAtGps(page, '22.147000, 105.834000');
    expect(await page.getByTestId('pin-accuracy').textContent()).toBe('Sai số ± 12 m');
    const grid = gridText(DUC_XUAN.lon, DUC_XUAN.lat);
    await expect.poll(() => page.getByTestId('pin-x').textContent()).toBe(grid.x);
    expect(await page.getByTestId('pin-y').textContent()).toBe(grid.y);
    expect(await page.getByTestId('pin-crs').textContent()).toBe(VN2000_NAME);
    expect(await page.getByTestId('pin-coords').textContent()).toContain('X (Bắc/northing)');
    await page.locator('input[name=photos]').setInputFiles(STREET_JPG);
    await page.getByTestId('draft-photos').locator('img').first().waitFor();
    await page.getByRole('radio', { name: 'Lấn chiếm vỉa hè, lề đường' }).check();
    await page.locator('input[name=description]').fill('Bày hàng kín vỉa hè trước chợ');
    expect(await page.getByTestId('nearby-offline').textContent()).toContain('ngoại tuyến');
    await page.locator('aside.panel').evaluate((el) => (el.scrollTop = 0));
    await page.screenshot({ path: join(SHOTS, 'field-capture.png') });
    const save = page.getByRole('button', { name: 'Lưu', exact: true });
    expect((await save.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    await save.click();
    await expect.poll(() => pendingCount(page)).toBe('1');
    expect(await page.getByRole('status').last().textContent()).toContain('Đã lưu trên máy');

    // 2. The pin dragged off the fix; a photo from the camera, a kind and Save: no text needed.
    await captureAtGps(page, '22.147000, 105.834000');
    const pin = (await page.getByTestId('draft-marker').boundingBox())!;
    await page.mouse.move(pin.x + pin.width / 2, pin.y + pin.height / 2);
    await page.mouse.down();
    await page.mouse.move(pin.x + pin.width / 2 + 60, pin.y + pin.height / 2 - 30, { steps: 8 });
    await page.mouse.up();
    await expect
      .poll(() => page.getByTestId('pin-position').textContent())
      .not.toBe('22.147000, 105.834000');
    expect(await page.getByTestId('pin-accuracy').count()).toBe(0);
    const dragged = (await page.getByTestId('pin-position').textContent())!;
    await page.locator('input[name=camera]').setInputFiles(STREET_JPG);
    await page.getByTestId('draft-photos').locator('img').first().waitFor();
    await page.getByRole('radio', { name: 'Xây dựng không phép, sai phép' }).check();
    await save.click();
    await expect.poll(() => pendingCount(page)).toBe('2');

    // 3. No GPS fix: the pin goes where the photo's EXIF says it was taken.
    const photoPlace = { lon: 105.8352, lat: 22.1465 };
    await page.getByTestId('report').click();
    await page.locator('input[name=photos]').setInputFiles({
      name: 'exif.jpg',
      mimeType: 'image/jpeg',
      buffer: withExif(readFileSync(STREET_JPG), {
        dateTimeOriginal: '2026:03:10 09:15:02',
        gps: photoPlace,
      }),
    });
    await page.getByRole('button', { name: 'Dùng vị trí trong ảnh' }).click();
    await expect
      .poll(() => page.getByTestId('pin-position').textContent())
      .toBe('22.146500, 105.835200');
    await page.getByRole('radio', { name: 'Lấn chiếm lòng đường' }).check();
    await page.locator('input[name=description]').fill('Dựng mái tôn lấn ra lòng đường');
    await save.click();
    await expect.poll(() => pendingCount(page)).toBe('3');

    // Reloaded with no network: the app opens from the worker's cache, the three still there.
    await page.reload();
    await waitForMap(page);
    expect(await pendingCount(page)).toBe('3');
    // Short on a phone ("⊘ 3"), so the bar keeps the account corner on the screen.
    expect(await page.getByTestId('pending-count').getAttribute('aria-label')).toBe(
      'Ngoại tuyến: 3 chờ gửi',
    );
    expect(await page.getByTestId('pending-count').innerText()).toBe('⊘3');
    expect(await topBarOverflow(page)).toBe(0);
    // Still signed in as far as the phone knows: reporting is offered offline too.
    expect(await page.getByTestId('report').count()).toBe(1);
    // Drawn as pending pins (a feature is returned once per tile it touches: count ids).
    const pendingPins = () =>
      page.evaluate(() => {
        const map = (window as unknown as { __map: import('maplibre-gl').Map }).__map;
        return new Set(map.querySourceFeatures('pending').map((f) => f.properties?.id)).size;
      });
    await expect.poll(pendingPins).toBe(3);
    await page.getByTestId('pending-count').click();
    const items = page.getByTestId('outbox-item');
    await expect.poll(() => items.count()).toBe(3);
    expect(await page.getByTestId('outbox-summary').textContent()).toContain('3 mục chưa gửi');
    const ids = await items.evaluateAll((els) =>
      els.map((el) => el.getAttribute('data-violation')!),
    );
    expect(new Set(ids).size).toBe(3);
    expect(
      await items.evaluateAll((els) => els.map((el) => el.getAttribute('data-state'))),
    ).toEqual(['waiting', 'waiting', 'waiting']);
    await page.screenshot({ path: join(SHOTS, 'field-pending-offline.png') });

    // Online again: each goes once, with its photo; nothing is left waiting.
    await context.setOffline(false);
    await expect
      .poll(() => page.getByTestId('outbox-summary').getAttribute('data-pending'), {
        timeout: 20_000,
      })
      .toBe('0');
    expect(
      await items.evaluateAll((els) => els.map((el) => el.getAttribute('data-state'))),
    ).toEqual(['sent', 'sent', 'sent']);
    expect(await page.getByTestId('pending-count').count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'field-sent.png') });

    const all = await api<{ features: Listed[] }>(
      running.app,
      inspector,
      'GET',
      '/api/violations?limit=100',
    );
    for (const id of ids) {
      const copies = all.features.filter((f) => f.id === id);
      expect(copies).toHaveLength(1);
      expect(copies[0]!.properties.photos).toHaveLength(1);
    }
    const byText = (text: string) => all.features.find((f) => f.properties.description === text)!;
    // Saved with no text: the record says its kind.
    const second = byText('Xây dựng không phép, sai phép');
    const [lat, lon] = dragged.split(', ').map(Number);
    expect(second.geometry.coordinates[0]).toBeCloseTo(lon!, 6);
    expect(second.geometry.coordinates[1]).toBeCloseTo(lat!, 6);
    const third = byText('Dựng mái tôn lấn ra lòng đường');
    expect(third.geometry.coordinates).toEqual([photoPlace.lon, photoPlace.lat]);
    // The time and place read from the original's EXIF survived the downscaling.
    expect(third.properties.photos[0]!.taken_at).toBe('2026-03-10T02:15:02.000Z');
    expect(third.properties.photos[0]!.position).toEqual([photoPlace.lon, photoPlace.lat]);
    expect(await page.evaluate(() => indexedDB.databases())).toContainEqual(
      expect.objectContaining({ name: 'uim-outbox' }),
    );
    expect(errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|ERR_FAILED/.test(e))).toEqual([]);
    await context.close();
  });
});

describe('a report whose answer the network holds', () => {
  test('does not hold the next one back; it waits again, then goes once on "Gửi ngay"', async () => {
    // No service worker: the page's own requests are the ones the route below sees.
    const { context, page, errors } = await phoneAt(DUC_XUAN, { serviceWorkers: 'block' });
    // A held send is given up after 2 s here, not the 30 s a phone gives it.
    await context.addInitScript(([key]) => localStorage.setItem(key!, '2000'), [TIMEOUT_SETTING]);
    // The first report's create reaches the server, but its answer is held (as a weak link may
    // hold it) for as long as `holding` says, every time it is sent; other creates go through.
    const creates: string[] = [];
    let heldId: string | null = null;
    let holding = true;
    const waiting: (() => void)[] = [];
    await page.route(
      (url) => url.pathname === '/api/violations',
      async (route) => {
        const request = route.request();
        if (request.method() !== 'POST') return route.fallback();
        const { id } = request.postDataJSON() as { id: string };
        creates.push(id);
        heldId ??= id;
        if (id !== heldId || !holding) return route.fallback();
        const response = await route.fetch();
        await new Promise<void>((release) => waiting.push(release));
        // The page gave up on it long ago: its answer has nowhere to go.
        await route.fulfill({ response }).catch(() => {});
      },
    );
    await page.goto(running.app.url);
    await waitForMap(page);
    const save = page.getByRole('button', { name: 'Lưu', exact: true });

    // 1. The first report: held, given up after 2 s, left to the queue.
    await captureAtGps(page, '22.147000, 105.834000');
    await page.locator('input[name=photos]').setInputFiles(STREET_JPG);
    await page.getByTestId('draft-photos').locator('img').first().waitFor();
    await page.getByRole('radio', { name: 'Lấn chiếm vỉa hè, lề đường' }).check();
    await page.locator('input[name=description]').fill('Quán nước kê bàn ra vỉa hè');
    await save.click();
    await expect.poll(() => pendingCount(page)).toBe('1');
    // The Save answers once the 2 s are up: the capture is the queue's now.
    await expect
      .poll(() => page.getByRole('status').last().textContent(), { timeout: 10_000 })
      .toContain('Đã lưu trên máy');
    await page.getByTestId('violation-form').waitFor({ state: 'detached' });
    expect(heldId).not.toBeNull();

    // 2. The second report goes at once, though the first is not through.
    await captureAtGps(page, '22.147000, 105.834000');
    await page.locator('input[name=photos]').setInputFiles(STREET_JPG);
    await page.getByTestId('draft-photos').locator('img').first().waitFor();
    await page.getByRole('radio', { name: 'Xây dựng không phép, sai phép' }).check();
    await page.locator('input[name=description]').fill('Đổ móng nhà chưa có giấy phép');
    await save.click();
    await page.getByTestId('violation-detail').waitFor();
    expect(await page.locator('.description').textContent()).toBe('Đổ móng nhà chưa có giấy phép');

    // The list: the second sent, the first waiting again, saying why and when it goes again.
    await page.getByTestId('pending-count').click();
    const items = page.getByTestId('outbox-item');
    await expect.poll(() => items.count()).toBe(2);
    const first = page.locator(`[data-testid=outbox-item][data-violation="${heldId}"]`);
    const second = page.locator(`[data-testid=outbox-item]:not([data-violation="${heldId}"])`);
    expect(await second.getAttribute('data-state')).toBe('sent');
    expect(await second.getByTestId('outbox-state').textContent()).toBe('Đã gửi');
    await expect.poll(() => first.getAttribute('data-state'), { timeout: 10_000 }).toBe('waiting');
    const said = (await first.innerText()).replace(/\s+/g, ' ');
    expect(said).toContain('Đang chờ gửi');
    expect(said).toMatch(
      /Lần thử trước: Máy chủ không trả lời trong 2 giây \(mạng yếu hoặc chập chờn\)\. Sẽ tự gửi lại lúc \d\d:\d\d:\d\d\./,
    );
    expect(await page.getByTestId('outbox-summary').textContent()).toContain('1 mục chưa gửi');
    // Everything on the phone's screen: no line runs off its right edge.
    const outbox = page.getByTestId('outbox');
    expect(await outbox.evaluate((el) => el.scrollWidth - el.clientWidth)).toBe(0);
    for (const box of await first.evaluateAll((els) =>
      els.flatMap((el) =>
        [...el.querySelectorAll('span, button')].map((c) => c.getBoundingClientRect().right),
      ),
    )) {
      expect(box).toBeLessThanOrEqual(390);
    }
    await first.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'field-held-waiting.png') });

    // 3. The network lets go; "Gửi ngay" sends it at once, with the same client id. (Should the
    // queue's own retry be due within seconds, it is let go by first: held again, it waits longer.)
    let due = await retryDue(page, heldId!);
    if (due < 4_000) {
      await expect
        .poll(() => first.getAttribute('data-state'), { timeout: 10_000 })
        .toBe('sending');
      await expect
        .poll(() => first.getAttribute('data-state'), { timeout: 10_000 })
        .toBe('waiting');
      due = await retryDue(page, heldId!);
    }
    holding = false;
    for (const release of waiting) release();
    const tapped = Date.now();
    await page.getByRole('button', { name: 'Gửi ngay' }).click();
    await expect.poll(() => first.getAttribute('data-state'), { timeout: 10_000 }).toBe('sent');
    // Sooner than the queue would have tried it on its own.
    expect(Date.now() - tapped).toBeLessThan(due);
    expect(await page.getByTestId('outbox-summary').getAttribute('data-pending')).toBe('0');
    expect(await page.getByTestId('pending-count').count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'field-held-sent.png') });

    // Sent twice or more, kept once: the retried create carried the same client id.
    const secondId = (await second.getAttribute('data-violation'))!;
    expect(creates.filter((id) => id === heldId).length).toBeGreaterThanOrEqual(2);
    expect(creates.filter((id) => id === secondId)).toHaveLength(1);
    const all = await api<{ features: Listed[] }>(
      running.app,
      inspector,
      'GET',
      '/api/violations?limit=100',
    );
    for (const id of [heldId!, secondId]) {
      const copies = all.features.filter((f) => f.id === id);
      expect(copies).toHaveLength(1);
      expect(copies[0]!.properties.photos).toHaveLength(1);
    }
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('a capture the server refuses', () => {
  test('stays in the queue with the server’s reason, and is fixed and sent from there', async () => {
    const { context, page, errors } = await phoneAt(DUC_XUAN);
    await page.goto(running.app.url);
    await waitForMap(page);
    const tapAt = async (where: { lon: number; lat: number }) => {
      await page.evaluate(
        ([lon, lat]) => {
          const map = (window as unknown as { __map: import('maplibre-gl').Map }).__map;
          map.jumpTo({ center: [lon!, lat!], zoom: 15 });
        },
        [where.lon, where.lat],
      );
      const at = await pixelOf(page, where.lon, where.lat);
      await page.mouse.click(at.x, at.y);
    };
    await context.setOffline(true);
    await page.getByTestId('report').click();
    // Outside every unit of the service area: the server will refuse it.
    await tapAt({ lon: 105.7009, lat: 22.0776 });
    await page.getByRole('radio', { name: 'San ủi, san lấp trái phép' }).check();
    await page.locator('input[name=description]').fill('San lấp ao ven đường tránh');
    await page.getByRole('button', { name: 'Lưu', exact: true }).click();
    await expect.poll(() => pendingCount(page)).toBe('1');
    await page.getByTestId('pending-count').click();

    await context.setOffline(false);
    const item = page.getByTestId('outbox-item');
    await expect.poll(() => item.getAttribute('data-state'), { timeout: 15_000 }).toBe('failed');
    expect(await item.getByTestId('outbox-error').textContent()).toContain(
      'nằm ngoài địa bàn quản lý',
    );
    // Refused is still pending: nothing leaves the queue without the user's say.
    expect(await pendingCount(page)).toBe('1');
    await page.screenshot({ path: join(SHOTS, 'field-refused.png') });

    await item.getByRole('button', { name: 'Sửa' }).click();
    expect(await page.locator('[data-testid=violation-form] h2').textContent()).toContain(
      'Sửa báo cáo chờ gửi',
    );
    expect(await page.locator('input[name=description]').inputValue()).toBe(
      'San lấp ao ven đường tránh',
    );
    await tapAt(DUC_XUAN);
    await expect
      .poll(() => page.getByTestId('pin-position').textContent())
      .toBe('22.147000, 105.834000');
    await page.getByRole('button', { name: 'Lưu', exact: true }).click();
    await page.getByTestId('violation-detail').waitFor();
    expect(await page.locator('.description').textContent()).toBe('San lấp ao ven đường tránh');
    expect(await page.getByTestId('pending-count').count()).toBe(0);
    const found = await api<{ numberMatched: number }>(
      running.app,
      inspector,
      'GET',
      `/api/violations?q=${encodeURIComponent('san lap ao ven duong')}`,
    );
    expect(found.numberMatched).toBe(1);
    // The browser logs the refusal's 422 and the requests cut while offline (ERR_FAILED when the
    // service worker answered the page's fetch, as the map's move to the pin may); nothing else.
    expect(errors.filter((e) => !/422|ERR_INTERNET_DISCONNECTED|ERR_FAILED/.test(e))).toEqual([]);
    await context.close();
  });
});

describe('an open case of the same kind nearby', () => {
  test('is offered 20 m from the pin; a note and a photo are added to it instead', async () => {
    const existing = { lon: 105.8362, lat: 22.1488 };
    const created = await createViolation(
      running.app,
      {
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [existing.lon, existing.lat] },
        properties: { kind: 'land_encroachment', description: 'Rào chiếm đất công bên suối' },
      },
      inspector,
    );
    // 20 m north of it.
    const here = { lon: existing.lon, lat: existing.lat + 20 / 110_574 };
    const { context, page, errors } = await phoneAt(here);
    await page.goto(running.app.url);
    await waitForMap(page);
    await captureAtGps(page, `${here.lat.toFixed(6)}, ${here.lon.toFixed(6)}`);
    await page.getByRole('radio', { name: 'Lấn, chiếm đất công' }).check();
    const item = page.locator(`[data-testid=nearby-item][data-id="${created.id}"]`);
    await item.waitFor();
    expect(await item.getByTestId('nearby-distance').textContent()).toBe('cách 20 m');
    expect(await page.getByTestId('nearby-list').textContent()).toContain(
      'Rào chiếm đất công bên suối',
    );
    await item.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'field-nearby.png') });

    await item.getByRole('button', { name: 'Bổ sung vào vụ này' }).click();
    expect(await page.getByTestId('target-case').textContent()).toContain('cách ghim 20 m');
    await page.locator('input[name=description]').fill('Đã rào thêm 5 m về phía đường');
    await page.locator('input[name=photos]').setInputFiles(STREET_JPG);
    await page.getByTestId('draft-photos').locator('img').first().waitFor();
    await page.getByRole('button', { name: 'Lưu', exact: true }).click();

    await page.getByTestId('violation-detail').waitFor();
    expect(new URL(page.url()).pathname).toBe(`/violations/${created.id}`);
    await expect
      .poll(() => page.getByTestId('notes').textContent())
      .toContain('Đã rào thêm 5 m về phía đường');
    const saved = await api<{
      properties: { notes: { text: string }[]; photos: { url: string; thumbnail_url: string }[] };
    }>(running.app, inspector, 'GET', `/api/violations/${created.id}`);
    expect(saved.properties.notes.map((n) => n.text)).toEqual(['Đã rào thêm 5 m về phía đường']);
    expect(saved.properties.photos).toHaveLength(1);
    // The detail shows the thumbnail the phone made (its own file), loaded with the session.
    const { url, thumbnail_url } = saved.properties.photos[0]!;
    expect(thumbnail_url).not.toBe(url);
    const thumb = page.getByTestId('photos').locator('img');
    expect(await thumb.getAttribute('src')).toBe(thumbnail_url);
    await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(64);
    await page.screenshot({ path: join(SHOTS, 'field-added-photo.png') });

    // The map's tooltip shows the case's thumbnail (as an image element, never as HTML).
    await page.getByRole('button', { name: 'Đóng' }).click();
    const at = await pixelOf(page, existing.lon, existing.lat);
    await page.mouse.move(at.x, at.y);
    await expect
      .poll(() => page.locator('.hover-popup img.popup-thumb').count(), { timeout: 10_000 })
      .toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('a part of the app not yet on the phone, with no network', () => {
  test('says it could not be loaded, and loads on "Thử lại" once the network is back', async () => {
    // No service worker: nothing was kept for offline use yet, as on a first visit.
    const context = await running.browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: 'vi-VN',
      serviceWorkers: 'block',
    });
    const page = await context.newPage();
    await page.goto(running.app.url);
    await waitForMap(page);

    await context.setOffline(true);
    await page.getByTestId('open-layers').click();
    const failed = page.getByTestId('load-failed');
    await failed.waitFor();
    expect(await failed.textContent()).toContain('Chưa tải được phần này');
    await page.screenshot({ path: join(SHOTS, 'phone-load-failed.png') });
    expect(await page.getByTestId('layer-panel').count()).toBe(0);
    // A reader who cannot report has no queue: the bar says offline, and signing in (which
    // needs the server) waits for the network.
    expect(await page.getByTestId('pending-count').innerText()).toBe('⊘');
    expect(await page.getByTestId('sign-in').count()).toBe(0);
    expect(await topBarOverflow(page)).toBe(0);

    await context.setOffline(false);
    await failed.getByRole('button', { name: 'Thử lại' }).click();
    await page.getByTestId('layer-panel').waitFor();
    expect(await page.getByTestId('load-failed').count()).toBe(0);
    await page.getByTestId('sign-in').waitFor();
    await context.close();
  });
});
