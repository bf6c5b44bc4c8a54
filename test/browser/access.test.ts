/**
 * Access in the browser. The app offers each role only what the server allows: nothing to write
 * for anonymous visitors and viewers, reports and one's own edits for inspectors, the enforcement
 * steps for planners, archive and restore (with a reason) for the office lead. And text people
 * typed is shown as text everywhere the app shows it: the list, the record's page (description,
 * address, violator, notes, original text, history), the map's tooltip, the audit log and the
 * signed-in user's name. Nothing of it runs, and the CSP reports nothing. One app for both.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { join } from 'node:path';
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
let users: Record<'viewer' | 'inspector' | 'other' | 'planner' | 'lead', TestUser>;
let mine: string;
let theirs: string;

const point = (lon: number, lat: number, description: string) => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates: [lon, lat] },
  properties: {
    kind: 'sidewalk_encroachment',
    description,
    violator: { name: 'Hộ bà Hoàng Thị Mai', id_number: '006189000123' },
  },
});

beforeAll(async () => {
  const [viewer, inspector, other, planner, lead] = await Promise.all([
    createUser(running.app, 'viewer'),
    createUser(running.app, 'inspector'),
    createUser(running.app, 'inspector'),
    createUser(running.app, 'planner'),
    createUser(running.app, 'lead'),
  ]);
  users = { viewer, inspector, other, planner, lead };
  mine = (
    await createViolation(running.app, point(105.834, 22.147, 'Bày hàng ra vỉa hè'), inspector)
  ).id;
  theirs = (
    await createViolation(running.app, point(105.836, 22.149, 'Dựng biển quảng cáo'), other)
  ).id;
});

/** Opens a path as a user (or anonymously) and waits for the map and the page. */
async function open(as: TestUser | null, path: string) {
  const context = await running.browser.newContext({
    viewport: { width: 1280, height: 800 },
    locale: 'vi-VN',
  });
  if (as) await signIn(context, running.app, as);
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(running.app.url + path);
  await waitForMap(page);
  if (path.startsWith('/violations/')) {
    await expect.poll(() => page.getByTestId('status').count()).toBe(1);
  }
  return { context, page, errors };
}

/** What the record's page offers. */
async function offered(page: Page) {
  return {
    edit: await page.getByTestId('edit').count(),
    steps: await page.locator('[data-step]').count(),
    note: await page.getByTestId('note-form').count(),
    history: await page.getByTestId('history').count(),
    violator: await page.getByTestId('violator-name').count(),
    archive: await page.getByTestId('archive').count(),
  };
}

describe('what each role is offered', () => {
  test('an anonymous visitor reads the public map and record, with a sign-in link only', async () => {
    const { context, page, errors } = await open(null, `/violations/${mine}`);
    expect(await offered(page)).toEqual({
      edit: 0,
      steps: 0,
      note: 0,
      history: 0,
      violator: 0,
      archive: 0,
    });
    expect(await page.locator('.description').textContent()).toBe('Bày hàng ra vỉa hè');
    await page.getByRole('button', { name: 'Đóng' }).click();
    await page.getByTestId('sign-in').waitFor();
    expect(await page.getByTestId('report').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Báo tại vị trí GPS' }).count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'anonymous-map.png') });
    expect(unexpected(errors)).toEqual([]);
    await context.close();
  });

  test('a viewer reads the history but may not edit, report or move a case', async () => {
    const { context, page, errors } = await open(users.viewer, `/violations/${mine}`);
    expect(await offered(page)).toEqual({
      edit: 0,
      steps: 0,
      note: 0,
      history: 1,
      violator: 0,
      archive: 0,
    });
    expect(await page.getByTestId('user-menu').textContent()).toContain('Người xem');
    await page.getByRole('button', { name: 'Đóng' }).click();
    expect(await page.getByTestId('report').count()).toBe(0);
    expect(unexpected(errors)).toEqual([]);
    await context.close();
  });

  test('an inspector reports, edits their own report with its violator, and not another’s', async () => {
    const { context, page, errors } = await open(users.inspector, `/violations/${mine}`);
    expect(await offered(page)).toEqual({
      edit: 1,
      steps: 0,
      note: 1,
      history: 1,
      violator: 1,
      archive: 0,
    });
    await page.getByTestId('edit').click();
    const form = page.getByTestId('edit-form');
    expect(await form.locator('input[name=violator_name]').inputValue()).toBe(
      'Hộ bà Hoàng Thị Mai',
    );
    await form.locator('input[name=violator_address]').fill('Tổ 7, phường Đức Xuân');
    await form.getByRole('button', { name: 'Lưu' }).click();
    await expect
      .poll(() => page.getByTestId('violation-detail').textContent())
      .toContain('Tổ 7, phường Đức Xuân');

    await page.getByTestId('note-form').locator('input').fill('Đã nhắc nhở, hẹn dọn trong ngày');
    await page.getByRole('button', { name: 'Thêm ghi chú' }).click();
    await expect
      .poll(() => page.getByTestId('notes').textContent())
      .toContain('Đã nhắc nhở, hẹn dọn trong ngày');
    await page.screenshot({ path: join(SHOTS, 'inspector-own-record.png') });

    await page.goto(`${running.app.url}/violations/${theirs}`);
    await expect.poll(() => page.getByTestId('status').count()).toBe(1);
    expect((await offered(page)).edit).toBe(0);
    await page.getByRole('button', { name: 'Đóng' }).click();
    await page.getByTestId('report').waitFor();
    expect(unexpected(errors)).toEqual([]);
    await context.close();
  });

  test('a planner is offered the next steps and the edit, but no report button', async () => {
    const { context, page, errors } = await open(users.planner, `/violations/${theirs}`);
    const o = await offered(page);
    expect(o.steps).toBe(2);
    expect(o.edit).toBe(1);
    expect(o.violator).toBe(1);
    expect(o.archive).toBe(0);
    const steps = await page
      .locator('[data-step]')
      .evaluateAll((b) => b.map((x) => x.getAttribute('data-step')));
    expect(steps).toEqual(['verified', 'dismissed']);
    await page.screenshot({ path: join(SHOTS, 'planner-record.png') });
    await page.getByRole('button', { name: 'Đóng' }).click();
    expect(await page.getByTestId('report').count()).toBe(0);
    expect(unexpected(errors)).toEqual([]);
    await context.close();
  });

  test('the lead archives a case with a reason and restores it', async () => {
    const { context, page, errors } = await open(users.lead, `/violations/${theirs}`);
    await expect.poll(() => page.getByTestId('count').textContent()).toBe('2 vi phạm');
    await page.getByTestId('archive').click();
    await page.getByTestId('archive-form').locator('input[name=reason]').fill('Báo trùng');
    await page.getByRole('button', { name: 'Xác nhận' }).click();
    await page.getByTestId('archived-banner').waitFor();
    // Off the map, not out of the record: the page stays, nothing can be changed but a restore.
    await expect.poll(() => page.getByTestId('count').textContent()).toBe('1 vi phạm');
    expect((await offered(page)).steps).toBe(0);
    expect(await page.getByTestId('history').textContent()).toContain('Lý do: Báo trùng');
    await page.screenshot({ path: join(SHOTS, 'lead-archived.png') });
    const anonymous = await fetch(`${running.app.url}/api/violations/${theirs}`);
    expect(anonymous.status).toBe(404);

    await page.getByTestId('restore').click();
    await page.getByTestId('archive-form').locator('input[name=reason]').fill('Nhầm hồ sơ');
    await page.getByRole('button', { name: 'Xác nhận' }).click();
    await expect.poll(() => page.getByTestId('archived-banner').count()).toBe(0);
    await expect.poll(() => page.getByTestId('count').textContent()).toBe('2 vi phạm');
    expect(unexpected(errors)).toEqual([]);
    await context.close();
  });
});

const IMG = '<img src=x onerror="window.__xss=1">';
const SCRIPT = '<script>window.__xss=2</script>';
const AT = { lon: 105.8352, lat: 22.1468 };

describe('text people typed', () => {
  let inspector: TestUser;
  let lead: TestUser;
  let id: string;

  beforeAll(async () => {
    [inspector, lead] = await Promise.all([
      createUser(running.app, 'inspector', { display_name: IMG }),
      createUser(running.app, 'lead', { display_name: 'Trưởng phòng' }),
    ]);
    ({ id } = await createViolation(
      running.app,
      {
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [AT.lon, AT.lat] },
        properties: {
          kind: 'illegal_construction',
          description: SCRIPT,
          address: SCRIPT,
          violator: { name: IMG, address: SCRIPT },
        },
      },
      inspector,
    ));
    // The first text becomes the original once edited; reasons go into the history and the log.
    const path = `/api/violations/${id}`;
    await api(running.app, inspector, 'PATCH', path, { properties: { description: IMG } });
    await api(running.app, inspector, 'POST', `${path}/notes`, { text: SCRIPT });
    await api(running.app, lead, 'POST', `${path}/archive`, { reason: IMG });
    await api(running.app, lead, 'POST', `${path}/restore`, { reason: SCRIPT });
  });

  /** Nothing ran and no element was made from the text; it is on the page as written. */
  async function expectInert(page: Page, ...texts: string[]): Promise<void> {
    expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    const scripts = await page.evaluate(
      () => [...document.scripts].filter((s) => s.textContent?.includes('__xss')).length,
    );
    expect(scripts).toBe(0);
    const shown = await page.locator('body').innerText();
    for (const text of texts) expect(shown).toContain(text);
  }

  test('hostile text stays text in the list, the record, the map tooltip and the audit log', async () => {
    const context = await running.browser.newContext({ viewport: { width: 1280, height: 800 } });
    await signIn(context, running.app, lead);
    const page = await context.newPage();
    const errors = collectErrors(page);

    await page.goto(`${running.app.url}/violations`);
    await waitForMap(page);
    const row = page.locator('.row', { hasText: IMG });
    await expect.poll(() => row.locator('.row-text').textContent()).toBe(IMG);
    await expectInert(page, IMG);

    await row.click();
    await expect.poll(() => page.locator('.description').textContent()).toBe(IMG);
    expect(await page.getByTestId('address').textContent()).toBe(SCRIPT);
    expect(await page.getByTestId('violator-name').textContent()).toBe(IMG);
    expect(await page.getByTestId('original-description').textContent()).toContain(SCRIPT);
    await expect.poll(() => page.getByTestId('notes').textContent()).toContain(SCRIPT);
    const history = (await page.getByTestId('history').textContent())!;
    expect(history).toContain(`bởi ${IMG}`);
    expect(history).toContain(`Lý do: ${IMG}`);
    expect(history).toContain(`Lý do: ${SCRIPT}`);
    await expectInert(page, IMG, SCRIPT);
    await page.screenshot({ path: join(SHOTS, 'xss-detail.png') });

    // The page brought the record into view; resting the pointer on it shows its tooltip.
    const shows = () =>
      page.evaluate(
        ([lon, lat]) => {
          const map = (window as unknown as { __map: import('maplibre-gl').Map }).__map;
          return map.getZoom() >= 15 && map.getBounds().contains([lon!, lat!]) && !map.isMoving();
        },
        [AT.lon, AT.lat],
      );
    await expect.poll(shows, { timeout: 10_000 }).toBe(true);
    const at = await pixelOf(page, AT.lon, AT.lat);
    await page.mouse.move(at.x - 30, at.y - 30);
    await page.mouse.move(at.x, at.y, { steps: 4 });
    const tooltip = page.locator('.hover-popup');
    await expect
      .poll(() => tooltip.textContent())
      .toBe(`Xây dựng không phép, sai phép${IMG}${SCRIPT}`);
    await expectInert(page, IMG, SCRIPT);
    await page.screenshot({ path: join(SHOTS, 'xss-tooltip.png') });

    await page.goto(`${running.app.url}/admin/audit`);
    await expect.poll(() => page.getByTestId('audit-entry').count()).toBeGreaterThan(4);
    const log = (await page.locator('.audit-list').textContent())!;
    expect(log).toContain(IMG);
    expect(log).toContain(SCRIPT);
    // Who, and what changed: the edit's description, before → after.
    const edit = page
      .getByTestId('audit-entry')
      .filter({ hasText: 'Sửa' })
      .filter({ hasText: IMG })
      .first();
    expect(await edit.getByTestId('audit-user').textContent()).toBe(IMG);
    expect(await edit.locator('.diff').textContent()).toContain(`Mô tả${SCRIPT} → ${IMG}`);
    await expectInert(page, IMG, SCRIPT);
    await page.screenshot({ path: join(SHOTS, 'xss-audit.png') });

    // Filtered to notes by the hostile name's account: only its note is left.
    await page.locator('select[name=action]').selectOption('note');
    await page.locator('select[name=user]').selectOption(inspector.id);
    await expect.poll(() => page.getByTestId('audit-entry').count()).toBe(1);
    expect(await page.getByTestId('audit-entry').textContent()).toContain(`+ ${SCRIPT}`);
    await expectInert(page, IMG, SCRIPT);
    expect(unexpected(errors)).toEqual([]);
    await context.close();
  });

  test('a hostile display name is shown as text in the signed-in header', async () => {
    const context = await running.browser.newContext({ viewport: { width: 1280, height: 800 } });
    await signIn(context, running.app, inspector);
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(running.app.url);
    await waitForMap(page);
    expect(await page.getByTestId('user-name').textContent()).toBe(IMG);
    await page.getByTestId('user-menu').locator('summary').click();
    await expectInert(page, IMG);
    expect(unexpected(errors)).toEqual([]);
    await context.close();
  });
});
