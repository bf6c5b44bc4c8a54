/**
 * Petitions (đơn thư) as the office handles them: the complaints officer receives one at a desk,
 * with a place tapped on the map, and moves it along, a refused step saying what it lacks where
 * the eye is; a colleague on a phone finds the overdue one first and sees the case, never who
 * sent it; a violation's page lists the petitions about it.
 */
import { join } from 'node:path';
import { beforeAll, expect, test } from 'vitest';
import { formatDateVi, localDate } from '../../server/domain/dates.ts';
import {
  api,
  collectErrors,
  createUser,
  createViolation,
  pixelOf,
  SHOTS,
  signIn,
  unexpected,
  useAppAndBrowser,
  waitForMap,
  type TestUser,
} from './harness.ts';

const running = useAppAndBrowser();
let clerk: TestUser;
let viewer: TestUser;

beforeAll(async () => {
  clerk = await createUser(running.app, 'complaints_officer', { display_name: 'Hà Thị Thu' });
  viewer = await createUser(running.app, 'viewer', { display_name: 'Nông Văn Đức' });
});

test('the officer receives a complaint at a place, a step without its reason is refused where it is asked, then accepted', async () => {
  const context = await running.browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'vi-VN',
  });
  await signIn(context, running.app, clerk);
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(`${running.app.url}/complaints`);
  await waitForMap(page);
  await page.getByTestId('complaint-list').waitFor();
  await page.getByTestId('complaint-new').click();
  const form = page.getByTestId('complaint-form');
  await form.locator('select[name=type]').selectOption('complaint');
  await form.locator('input[name=subject]').fill('Khiếu nại việc tháo dỡ mái che trước nhà số 12');
  await form
    .locator('textarea[name=content]')
    .fill('Gia đình không đồng ý với quyết định tháo dỡ.');
  await form.locator('input[name=petitioner_name]').fill('Hoàng Văn Lâm');
  await form.locator('input[name=petitioner_phone]').fill('0987654321');
  await form.getByLabel('Một điểm').check();
  await page.evaluate(() =>
    (window as unknown as { __map: import('maplibre-gl').Map }).__map.jumpTo({
      center: [105.8345, 22.1455],
      zoom: 16,
    }),
  );
  const at = await pixelOf(page, 105.8345, 22.1455);
  await page.mouse.click(at.x, at.y);
  await expect.poll(() => page.getByTestId('gap-point').textContent()).toContain('22.1455');
  await page.screenshot({ path: join(SHOTS, 'complaint-form-desktop.png') });
  await form.getByTestId('complaint-save').click();

  const detail = page.getByTestId('complaint-detail');
  await detail.waitFor();
  expect(await page.getByTestId('complaint-status').textContent()).toBe('Đã tiếp nhận');
  expect(await page.getByTestId('complaint-petitioner').textContent()).toContain('Hoàng Văn Lâm');
  // Where it is stays on the map while its page is open.
  expect(await page.locator('.maplibregl-marker').count()).toBe(1);
  const today = localDate(new Date());
  const clocks = page.getByTestId('complaint-clocks');
  expect(await clocks.textContent()).toMatch(/Hạn thụ lý: \d{2}\/\d{2}\/\d{4} · Đang chạy/);
  expect(await detail.textContent()).toContain(formatDateVi(today));

  // Not accepted, but no reason given: the refusal is under the step, in Vietnamese.
  await page.getByTestId('complaint-step-not_accepted').click();
  await page.getByTestId('complaint-step-go').click();
  const refusal = page
    .getByTestId('complaint-step-form')
    .locator('xpath=following-sibling::p[@role="alert"]');
  await expect.poll(() => refusal.textContent()).toContain('lý do không thụ lý');
  expect(await refusal.isVisible()).toBe(true);
  await page.screenshot({ path: join(SHOTS, 'complaint-step-refused-desktop.png') });
  expect(await page.getByTestId('complaint-status').textContent()).toBe('Đã tiếp nhận');
  await page.getByRole('button', { name: 'Huỷ' }).click();

  await page.getByTestId('complaint-step-accepted').click();
  await page.getByTestId('complaint-step-go').click();
  await expect.poll(() => page.getByTestId('complaint-status').textContent()).toBe('Đã thụ lý');
  expect(await clocks.textContent()).toMatch(/Hạn giải quyết: \d{2}\/\d{2}\/\d{4} · Đang chạy/);
  await expect.poll(() => detail.textContent()).toContain('Chuyển bước: Đã thụ lý');
  await page.screenshot({ path: join(SHOTS, 'complaint-accepted-desktop.png'), fullPage: true });
  expect(unexpected(errors, 422)).toEqual([]);
  await context.close();
});

test('on a phone, a colleague finds the overdue petition first and reads the case without its petitioner', async () => {
  const overdue = await api<{ id: string }>(running.app, clerk, 'POST', '/api/complaints', {
    type: 'Feature',
    geometry: null,
    properties: {
      type: 'petition',
      subject: 'Phản ánh đổ đất lấn chiếm lòng đường Trường Chinh',
      petitioner: { name: 'Lý Thị Hoa', phone: '0911222333' },
      received_via: 'electronic',
      received_on: '2026-11-02',
    },
  });
  const context = await running.browser.newContext({
    viewport: { width: 390, height: 844 },
    locale: 'vi-VN',
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
  await signIn(context, running.app, viewer);
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(`${running.app.url}/complaints`);
  const list = page.getByTestId('complaint-list');
  await list.waitFor();
  const rows = list.getByTestId('complaint-row');
  await expect.poll(() => rows.count()).toBeGreaterThan(1);
  // Nearest deadline first: the one received a month ago, past its ten days.
  expect(await rows.first().textContent()).toContain('Phản ánh đổ đất lấn chiếm');
  expect(await rows.first().getByTestId('complaint-overdue').textContent()).toBe('Quá hạn');
  expect(await page.getByTestId('complaint-new').count()).toBe(0);
  await page.screenshot({ path: join(SHOTS, 'complaint-list-phone.png') });
  await rows.first().click();
  await page.getByTestId('complaint-detail').waitFor();
  expect(new URL(page.url()).pathname).toBe(`/complaints/${overdue.id}`);
  expect(await page.getByTestId('complaint-petitioner').textContent()).toContain(
    'Thông tin người gửi được bảo mật.',
  );
  expect(await page.content()).not.toContain('Lý Thị Hoa');
  expect(await page.getByTestId('complaint-clocks').textContent()).toContain(
    `Hạn trả lời: ${formatDateVi('2026-11-12')} · Quá hạn`,
  );
  await page.screenshot({ path: join(SHOTS, 'complaint-detail-phone.png') });
  expect(unexpected(errors)).toEqual([]);
  await context.close();
});

test("a violation's page lists the petitions about it, and the officer receives one from there", async () => {
  const inspector = await createUser(running.app, 'inspector');
  const violation = await createViolation(
    running.app,
    {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [105.834, 22.147] },
      properties: { kind: 'road_encroachment', description: 'Đổ vật liệu xây dựng ra lòng đường' },
    },
    inspector,
  );
  const petition = await api<{ id: string }>(running.app, clerk, 'POST', '/api/complaints', {
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [105.834, 22.147] },
    properties: {
      type: 'petition',
      subject: 'Phản ánh vật liệu xây dựng chắn lòng đường',
      received_via: 'in_person',
      received_on: localDate(new Date()),
      violation_ids: [violation.id],
    },
  });
  const context = await running.browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'vi-VN',
  });
  await signIn(context, running.app, viewer);
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(`${running.app.url}/violations/${violation.id}`);
  const linked = page.getByTestId('linked-complaints');
  await linked.waitFor();
  expect(await linked.textContent()).toContain('Phản ánh vật liệu xây dựng chắn lòng đường');
  expect(await linked.textContent()).toContain('Đã tiếp nhận');
  await page.screenshot({ path: join(SHOTS, 'violation-linked-complaints-desktop.png') });
  // A viewer reads them; only the complaints officer may receive one from here.
  expect(await page.getByTestId('complaint-new-about').count()).toBe(0);
  await linked.getByRole('link').click();
  await page.getByTestId('complaint-detail').waitFor();
  expect(new URL(page.url()).pathname).toBe(`/complaints/${petition.id}`);
  expect(unexpected(errors)).toEqual([]);
  await context.close();

  // The officer receives a second one from the violation's page: it is about that case.
  const desk = await running.browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'vi-VN',
  });
  await signIn(desk, running.app, clerk);
  const officer = await desk.newPage();
  const officerErrors = collectErrors(officer);
  await officer.goto(`${running.app.url}/violations/${violation.id}`);
  await officer.getByTestId('complaint-new-about').click();
  const form = officer.getByTestId('complaint-form');
  await form.waitFor();
  expect(await officer.getByTestId('complaint-about-violation').textContent()).toContain(
    'Về 1 vụ vi phạm đã chọn',
  );
  await form.locator('input[name=subject]').fill('Kiến nghị dọn vật liệu trước ngày mưa');
  await form.locator('select[name=type]').selectOption('petition');
  await form.getByTestId('complaint-save').click();
  await officer.getByTestId('complaint-detail').waitFor();
  // The panel opens before the saved record is read into it: wait for the record, not the panel.
  const about = officer.locator(`a[href="/violations/${violation.id}"]`);
  await expect.poll(() => about.count()).toBe(1);
  await about.click();
  await expect
    .poll(() => officer.getByTestId('linked-complaints').textContent())
    .toContain('Kiến nghị dọn vật liệu trước ngày mưa');
  expect(unexpected(officerErrors)).toEqual([]);
  await desk.close();
});

test('on the public map the petitions layer rings a petition where it is, says what it is about, and never who sent it', async () => {
  const at = { lon: 105.8361, lat: 22.1432 };
  const subject = 'Phản ánh công trình che khuất lối đi ngõ 7 Nguyễn Văn Tố';
  const placed = await api<{ id: string }>(running.app, clerk, 'POST', '/api/complaints', {
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [at.lon, at.lat] },
    properties: {
      type: 'petition',
      subject,
      content: 'Công trình dựng tạm chắn hết lối đi của các hộ phía trong.',
      petitioner: { name: 'Đinh Thị Mến', phone: '0915333444' },
      received_via: 'in_person',
      received_on: localDate(new Date()),
    },
  });
  const context = await running.browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'vi-VN',
  });
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(`${running.app.url}/?map=17/${at.lat}/${at.lon}`);
  await waitForMap(page);
  await page.getByTestId('open-layers').click();
  await page
    .getByTestId('layer-panel')
    .getByRole('checkbox', { name: 'Đơn thư khiếu nại, tố cáo, kiến nghị' })
    .check();
  expect(new URL(page.url()).searchParams.get('layers')).toContain('complaints');
  await expect
    .poll(() => page.getByTestId('legend-complaints').textContent())
    .toContain('Đang giải quyết');

  const drawn = () =>
    page.evaluate(() =>
      (window as unknown as { __map: import('maplibre-gl').Map }).__map
        .queryRenderedFeatures({ layers: ['complaints-points'] })
        .map((f) => f.properties),
    );
  await expect.poll(async () => (await drawn()).map((p) => p.id)).toContain(placed.id);
  const mine = (await drawn()).find((p) => p.id === placed.id)!;
  expect(mine).toMatchObject({ type: 'petition', status: 'received', state: 'open' });
  expect(Object.keys(mine)).not.toContain('petitioner');

  const pixel = await pixelOf(page, at.lon, at.lat);
  await page.mouse.move(pixel.x - 30, pixel.y - 30);
  await page.mouse.move(pixel.x, pixel.y, { steps: 4 });
  await expect
    .poll(() => page.locator('.hover-popup').textContent())
    .toBe(`Kiến nghị, phản ánh · ${subject}Đã tiếp nhận`);
  await page.screenshot({ path: join(SHOTS, 'complaint-layer-public-desktop.png') });

  await page.mouse.click(pixel.x, pixel.y);
  await page.getByTestId('complaint-detail').waitFor();
  expect(new URL(page.url()).pathname).toBe(`/complaints/${placed.id}`);
  expect(await page.getByTestId('complaint-detail').textContent()).toContain(subject);
  expect(await page.content()).not.toContain('Đinh Thị Mến');
  expect(await page.content()).not.toContain('chắn hết lối đi');
  expect(unexpected(errors)).toEqual([]);
  await context.close();
});
