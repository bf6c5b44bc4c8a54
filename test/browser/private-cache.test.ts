/**
 * What the service worker keeps for offline use belongs to the session that read it: a lead's
 * case (with the violator's name and ID number) is never answered from the device's caches to
 * the next user of the same browser, nor after a sign-out made with no network, nor after the
 * server answered 401. The app, the worker and Chromium are the real ones.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import type { Role } from '../../server/domain/access/permissions.ts';
import {
  ADMIN,
  collectErrors,
  SHOTS,
  sessionCookie,
  signIn,
  unexpected,
  useAppAndBrowser,
  type TestUser,
} from './harness.ts';

const running = useAppAndBrowser();
let viewer: TestUser;
let caseId: string;

/** A call to the API with a user's session, as their browser would make it. */
async function asUser<T>(session: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${running.app.url}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      cookie: `uim_session=${session}`,
      origin: running.app.url,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path} failed: ${res.status} ${await res.text()}`);
  return (res.status === 204 ? undefined : await res.json()) as T;
}

let adminSession: Promise<string> | undefined;
const admin = () => (adminSession ??= sessionCookie(running.app, ADMIN));

let made = 0;
/** A user made by the admin, signed in once (no API token: the session is all a page needs). */
async function makeUser(role: Role, display_name: string): Promise<TestUser> {
  made += 1;
  const input = {
    username: `${role}-private-${made}`,
    display_name,
    password: `password-${role}-${made}-for-tests`,
    roles: [role],
  };
  const { id } = await asUser<{ id: string }>(await admin(), 'POST', '/api/users', input);
  const session = await sessionCookie(running.app, input);
  return { ...input, id, token: '', session };
}

const VIOLATOR = { name: 'Hộ ông Lường Văn Khởi', id_number: '006089004321' };

beforeAll(async () => {
  viewer = await makeUser('viewer', 'Hà Thị Xem');
  const inspector = await makeUser('inspector', 'Nông Văn Tú');
  caseId = (
    await asUser<{ id: string }>(inspector.session, 'POST', '/api/violations', {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [105.834, 22.147] },
      properties: {
        kind: 'sidewalk_encroachment',
        description: 'Dựng mái che lấn vỉa hè',
        violator: VIOLATOR,
      },
    })
  ).id;
});

/** A lead's phone, signed in, with the worker in control and the case opened online. */
async function leadOpensTheCase(lead: TestUser) {
  const context = await running.browser.newContext({
    viewport: { width: 390, height: 844 },
    locale: 'vi-VN',
  });
  await signIn(context, running.app, lead);
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(running.app.url);
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  // Opened under the worker's control, so the case is kept for offline use.
  await page.goto(`${running.app.url}/violations/${caseId}`);
  await expect.poll(() => page.getByTestId('violator-name').textContent()).toBe(VIOLATOR.name);
  await expect.poll(() => privateOnDevice(page), { timeout: 10_000 }).not.toEqual([]);
  return { context, page, errors };
}

/** Every answer of the API the device keeps that names the violator. */
function privateOnDevice(page: Page): Promise<string[]> {
  return page.evaluate(async (idNumber) => {
    const found: string[] = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        if (!new URL(request.url).pathname.startsWith('/api/')) continue;
        const text = (await (await cache.match(request))?.text()) ?? '';
        if (text.includes(idNumber)) found.push(`${name} ${request.url}`);
      }
    }
    return found;
  }, VIOLATOR.id_number);
}

/** What a plain fetch of the case answers on this page (the device is offline in these tests). */
function fetchCase(page: Page): Promise<string> {
  return page.evaluate(async (id) => {
    try {
      const res = await fetch(`/api/violations/${id}`);
      return `${res.status} ${await res.text()}`;
    } catch (e) {
      return `no answer: ${String(e)}`;
    }
  }, caseId);
}

/** Errors but those of requests made while the device was offline, or refused with a 401. */
const offlineAside = (errors: string[]) =>
  unexpected(errors, 401).filter((e) => !/net::ERR_(FAILED|INTERNET_DISCONNECTED)/.test(e));

async function resetPassword(user: TestUser): Promise<void> {
  await asUser(await admin(), 'POST', `/api/users/${user.id}/password`, {
    password: `reset-${user.username}-by-admin`,
  });
}

async function signInWithForm(page: Page, user: TestUser): Promise<void> {
  await page.goto(`${running.app.url}/login`);
  await page.locator('input[name=username]').fill(user.username);
  await page.locator('input[name=password]').fill(user.password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect.poll(() => page.getByTestId('user-name').textContent()).toBe(user.display_name);
}

describe('records kept for offline use', () => {
  test('a lead’s case is never answered to the viewer who signs in next on the same browser', async () => {
    const lead = await makeUser('lead', 'Trần Văn Trưởng');
    const { context, page, errors } = await leadOpensTheCase(lead);

    // The lead's session ends on the server; a viewer signs in on the same browser.
    await resetPassword(lead);
    await signInWithForm(page, viewer);
    await context.setOffline(true);

    const answer = await fetchCase(page);
    expect(answer).not.toContain(VIOLATOR.id_number);
    expect(answer).not.toContain(VIOLATOR.name);
    expect(await privateOnDevice(page)).toEqual([]);

    // Even with the cookies gone, nothing of the lead's is answered.
    await context.clearCookies();
    expect(await fetchCase(page)).not.toContain(VIOLATOR.id_number);
    // The fetches above found no network: the browser logs each.
    expect(offlineAside(errors)).toEqual([]);
    await context.close();
  });

  test('signing out with no network ends the session on the device at once and forgets the records', async () => {
    const lead = await makeUser('lead', 'Lý Thị Lãnh');
    const { context, page, errors } = await leadOpensTheCase(lead);
    await context.setOffline(true);

    await page.getByTestId('user-menu').locator('summary').click();
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await expect.poll(() => page.getByTestId('user-menu').count()).toBe(0);
    // Offline the app starts afresh from the service worker, signed out (session.logout): while
    // the page is replaced the notice is briefly gone, and it is there again on the new one.
    const notice = page.getByTestId('signed-out-offline');
    await expect.poll(() => notice.isVisible()).toBe(true);
    expect(await notice.textContent()).toContain('Đã đăng xuất trên máy này');
    // The sign-out itself is not refused: no error in the bar.
    expect(await page.locator('.topbar [role=alert]').count()).toBe(0);
    expect(new URL(page.url()).pathname).toBe('/');
    await page.screenshot({ path: join(SHOTS, 'private-cache-signed-out-offline.png') });

    expect(await privateOnDevice(page)).toEqual([]);
    expect(await fetchCase(page)).not.toContain(VIOLATOR.id_number);
    // Opened again with no network: signed out, and no record of the lead's to show.
    await page.reload();
    await page.locator('.topbar').waitFor();
    expect(await page.getByTestId('user-menu').count()).toBe(0);
    expect(await page.getByTestId('violator-name').count()).toBe(0);

    // Back online, the server is told: the lead's session cookie no longer signs anyone in.
    await context.setOffline(false);
    const me = () =>
      fetch(`${running.app.url}/api/auth/me`, {
        headers: { cookie: `uim_session=${lead.session}` },
      })
        .then((r) => r.json() as Promise<{ user: unknown }>)
        .then((b) => b.user);
    await expect.poll(me, { timeout: 15_000 }).toBeNull();
    await expect.poll(() => notice.count()).toBe(0);
    expect(offlineAside(errors)).toEqual([]);
    await context.close();
  });

  test('a 401 from the server forgets the records of the session that ended', async () => {
    const lead = await makeUser('lead', 'Đinh Văn Đạo');
    const { context, page } = await leadOpensTheCase(lead);
    await resetPassword(lead);

    // The audit log needs a session: the server answers 401, and the app asks for a sign-in.
    await page.getByTestId('user-menu').locator('summary').click();
    await page.getByRole('link', { name: 'Nhật ký thay đổi' }).click();
    await expect.poll(() => page.getByTestId('login-form').count()).toBe(1);
    expect(await page.getByRole('status').first().textContent()).toContain('đăng nhập');
    await page.screenshot({ path: join(SHOTS, 'private-cache-expired.png') });

    await expect.poll(() => privateOnDevice(page)).toEqual([]);
    await context.setOffline(true);
    expect(await fetchCase(page)).not.toContain(VIOLATOR.id_number);
    await context.close();
  });
});

/** The captures queued on the device, whoever's, as the outbox keeps them in IndexedDB. */
function queuedOnDevice(page: Page): Promise<{ id: string; by: string }[]> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('uim-outbox');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const all = open.result.transaction('items').objectStore('items').getAll();
          all.onerror = () => reject(all.error);
          all.onsuccess = () => {
            open.result.close();
            resolve(
              all.result.map((i: { id: string; by: { id: string } }) => ({
                id: i.id,
                by: i.by.id,
              })),
            );
          };
        };
      }),
  );
}

async function signOutWithMenu(page: Page): Promise<void> {
  await page.getByTestId('user-menu').locator('summary').click();
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await expect.poll(() => page.getByTestId('user-menu').count()).toBe(0);
}

describe('the queue of a user who signed out', () => {
  test('stays theirs: the next user neither sees nor sends it, and it goes when they are back', async () => {
    const [author, next] = [
      await makeUser('inspector', 'Nông Thị Ghi'),
      await makeUser('inspector', 'Hoàng Văn Sau'),
    ];
    const context = await running.browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: 'vi-VN',
      geolocation: { longitude: 105.834, latitude: 22.147, accuracy: 12 },
      permissions: ['geolocation'],
    });
    await signIn(context, running.app, author);
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(running.app.url);
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);

    // A report saved with no network, then a sign-out with no network.
    await context.setOffline(true);
    await page.getByRole('button', { name: 'Báo tại vị trí GPS' }).click();
    await page.getByTestId('pin-position').waitFor();
    await page.getByRole('radio', { name: 'Lấn chiếm vỉa hè, lề đường' }).check();
    await page.locator('input[name=description]').fill('Để xe máy kín vỉa hè');
    await page.getByRole('button', { name: 'Lưu', exact: true }).click();
    await expect.poll(() => page.getByTestId('pending-count').getAttribute('data-count')).toBe('1');
    const [queued] = await queuedOnDevice(page);
    expect(queued!.by).toBe(author.id);
    await signOutWithMenu(page);
    expect(await page.getByTestId('pending-count').getAttribute('data-count')).not.toBe('1');

    // Online, someone else signs in on the same phone: nothing of the author's is shown or sent.
    await context.setOffline(false);
    await signInWithForm(page, next);
    await page.waitForTimeout(2_000);
    expect(await page.getByTestId('pending-count').count()).toBe(0);
    expect(await queuedOnDevice(page)).toEqual([queued]);
    const onServer = async () => {
      const r = await fetch(`${running.app.url}/api/violations/${queued!.id}`, {
        headers: { cookie: `uim_session=${await admin()}` },
      });
      return r.ok
        ? ((await r.json()) as { properties: { created_by: string } }).properties
        : r.status;
    };
    expect(await onServer()).toBe(404);
    await page.screenshot({ path: join(SHOTS, 'private-cache-next-user.png') });

    // The author again: the capture goes, as theirs.
    await signOutWithMenu(page);
    await signInWithForm(page, author);
    await expect.poll(onServer, { timeout: 15_000 }).toMatchObject({ created_by: author.id });
    await expect.poll(() => queuedOnDevice(page)).toEqual([]);
    expect(offlineAside(errors)).toEqual([]);
    await context.close();
  });
});

describe('the sign-in page', () => {
  test.each(['/\\evil.example', '//evil.example', 'https://evil.example', 'javascript:alert(1)'])(
    'a next of %s stays on the site, with no error',
    async (next) => {
      const context = await running.browser.newContext({ locale: 'vi-VN' });
      const page = await context.newPage();
      const errors = collectErrors(page);
      await page.goto(`${running.app.url}/login?next=${encodeURIComponent(next)}`);
      await page.locator('input[name=username]').fill(viewer.username);
      await page.locator('input[name=password]').fill(viewer.password);
      await page.getByRole('button', { name: 'Đăng nhập' }).click();
      await expect
        .poll(() => page.getByTestId('user-name').textContent())
        .toBe(viewer.display_name);
      expect(new URL(page.url()).origin).toBe(running.app.url);
      expect(new URL(page.url()).pathname).toBe('/');
      expect(errors).toEqual([]);
      await context.close();
    },
  );
});
