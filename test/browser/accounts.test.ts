/**
 * Accounts in the browser: signing in and out, a wrong password and too many of them, an admin
 * making an account that then signs in, a personal API token shown once that works for scripts,
 * and a session that ends while a report is being typed.
 */
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { join } from 'node:path';
import {
  collectErrors,
  createUser,
  pixelOf,
  SHOTS,
  signIn,
  unexpected,
  useAppAndBrowser,
  waitForMap,
} from './harness.ts';

const running = useAppAndBrowser();

async function newPage(viewport = { width: 1280, height: 800 }) {
  const context = await running.browser.newContext({ viewport, locale: 'vi-VN' });
  const page = await context.newPage();
  return { context, page, errors: collectErrors(page) };
}

async function fillLogin(page: Page, username: string, password: string): Promise<void> {
  const form = page.getByTestId('login-form');
  await form.locator('input[name=username]').fill(username);
  await form.locator('input[name=password]').fill(password);
  await form.getByRole('button', { name: 'Đăng nhập' }).click();
}

const me = (page: Page) =>
  page.evaluate(async () => (await (await fetch('/api/auth/me')).json()).user?.username ?? null);

describe('signing in and out', () => {
  test('a wrong password is refused with a message; the right one shows who is signed in', async () => {
    const user = await createUser(running.app, 'inspector', { display_name: 'Nguyễn Thị Lan' });
    const { context, page, errors } = await newPage();
    await page.goto(running.app.url);
    await waitForMap(page);
    // Anonymous visitors read the public map: no report button, a sign-in link.
    expect(await page.getByTestId('report').count()).toBe(0);
    await page.getByTestId('sign-in').click();
    await page.getByTestId('login-form').waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');

    await fillLogin(page, user.username, 'not-the-password');
    await expect
      .poll(() => page.getByTestId('login-error').textContent())
      .toBe('Sai tên đăng nhập hoặc mật khẩu.');
    await page.screenshot({ path: join(SHOTS, 'login-wrong.png') });

    await fillLogin(page, user.username, user.password);
    await page.getByTestId('user-menu').waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await page.getByTestId('user-name').textContent()).toBe('Nguyễn Thị Lan');
    expect(await page.getByTestId('user-menu').textContent()).toContain('Cán bộ kiểm tra');
    await page.getByTestId('report').waitFor();
    expect(await me(page)).toBe(user.username);

    await page.getByTestId('user-menu').locator('summary').click();
    await page.screenshot({ path: join(SHOTS, 'user-menu.png') });
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.getByTestId('sign-in').waitFor();
    expect(await page.getByTestId('report').count()).toBe(0);
    expect(await me(page)).toBeNull();
    expect(unexpected(errors, 401)).toEqual([]);
    await context.close();
  });

  test('too many wrong passwords stop sign-in for a while, and the page says for how long', async () => {
    const user = await createUser(running.app, 'viewer');
    const { context, page, errors } = await newPage({ width: 390, height: 844 });
    await page.goto(`${running.app.url}/login`);
    // Four wrong guesses from a script, the fifth in the page; then even the right one waits.
    const guesses = [0, 1, 2, 3].map((i) =>
      fetch(`${running.app.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: user.username, password: `wrong-${i}` }),
      }),
    );
    expect((await Promise.all(guesses)).map((r) => r.status)).toEqual([401, 401, 401, 401]);
    await fillLogin(page, user.username, 'wrong-4');
    await expect
      .poll(() => page.getByTestId('login-error').textContent())
      .toBe('Sai tên đăng nhập hoặc mật khẩu.');
    await fillLogin(page, user.username, user.password);
    await expect
      .poll(() => page.getByTestId('login-error').textContent())
      .toMatch(/^Đăng nhập sai quá nhiều lần\. Thử lại sau \d+ phút\.$/);
    await page.screenshot({ path: join(SHOTS, 'phone-login-429.png') });
    expect(unexpected(errors, 401, 429)).toEqual([]);
    await context.close();
  });
});

describe('an admin manages accounts', () => {
  test('creates a user in /admin/users, who can then sign in; disabling stops them', async () => {
    const { context, page, errors } = await newPage();
    await signIn(context, running.app, 'admin');
    await page.goto(`${running.app.url}/admin/users`);
    await page.getByTestId('user-list').waitFor();
    await page.getByTestId('user-add').click();
    const form = page.getByTestId('user-create');
    await form.locator('input[name=username]').fill('tran.van.binh');
    await form.locator('input[name=display_name]').fill('Trần Văn Bình');
    await form.locator('input[name=password]').fill('mat-khau-dai-du-10');
    await form.locator('input[value=inspector]').uncheck();
    await form.locator('input[value=planner]').check();
    await form.getByRole('button', { name: 'Tạo tài khoản' }).click();
    const row = page.locator('tr[data-username="tran.van.binh"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('Cán bộ quy hoạch');
    await page.screenshot({ path: join(SHOTS, 'admin-users.png') });

    const other = await newPage();
    await other.page.goto(`${running.app.url}/login`);
    await fillLogin(other.page, 'tran.van.binh', 'mat-khau-dai-du-10');
    await other.page.getByTestId('user-menu').waitFor();
    expect(await other.page.getByTestId('user-name').textContent()).toBe('Trần Văn Bình');
    expect(await me(other.page)).toBe('tran.van.binh');

    // Disabled, with the reason the audit keeps: their session ends and sign-in fails.
    await row.getByRole('button', { name: 'Sửa' }).click();
    const edit = page.getByTestId('user-edit');
    await edit.locator('input[name=reason]').fill('Chuyển công tác');
    await edit.getByRole('button', { name: 'Khoá tài khoản' }).click();
    await expect.poll(() => row.textContent()).toContain('Đã khoá');
    expect(await me(other.page)).toBeNull();
    await other.context.close();
    expect(unexpected(errors)).toEqual([]);
    await context.close();
  });
});

describe('personal API tokens', () => {
  test('a token made in /account, with its scope and last day, is shown once and works as a Bearer token', async () => {
    const user = await createUser(running.app, 'viewer', { display_name: 'Lê Minh' });
    const { context, page, errors } = await newPage();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: running.app.url,
    });
    await signIn(context, running.app, user);
    await page.goto(`${running.app.url}/account`);
    await page.getByTestId('tokens').waitFor();
    await page.locator('input[name=token_name]').fill('QGIS máy văn phòng');
    // Read only unless chosen otherwise; a viewer is not offered the admin scope.
    const scope = page.locator('select[name=token_scope]');
    expect(await scope.inputValue()).toBe('read');
    expect(await scope.locator('option').allTextContents()).toEqual(['Chỉ đọc', 'Đọc và ghi']);
    await scope.selectOption({ label: 'Đọc và ghi' });
    await page.locator('input[name=token_expires_on]').fill('2030-12-31');
    // The date box is drawn in the browser's format; the page says the day as the office writes it.
    expect(await page.getByTestId('token-until').textContent()).toBe(
      'Dùng được đến hết ngày 31/12/2030 (giờ Việt Nam)',
    );
    await page
      .getByTestId('token-form')
      .screenshot({ path: join(SHOTS, 'account-token-form.png') });
    await page.getByRole('button', { name: 'Tạo khóa' }).click();
    const secret = (await page.getByTestId('token-secret').textContent())!;
    expect(secret).toMatch(/^uim_\S{20,}$/);
    expect(await page.getByTestId('token-created').textContent()).toContain(
      'sẽ không hiển thị lại',
    );
    await page.getByRole('button', { name: 'Sao chép' }).click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await page.screenshot({ path: join(SHOTS, 'account-token.png') });

    const created = page.getByTestId('token-list').locator('tr', { hasText: 'QGIS máy văn phòng' });
    expect(await created.locator('td[data-col=scope]').textContent()).toBe('Đọc và ghi');
    expect((await created.locator('td[data-col=expires]').textContent())!.trim()).toBe(
      '31/12/2030',
    );
    expect(await created.locator('td[data-col=last-used]').textContent()).toBe('Chưa dùng');

    const asScript = (token: string) =>
      fetch(`${running.app.url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } });
    const answer = await asScript(secret);
    expect(answer.status).toBe(200);
    expect((await answer.json()).user.username).toBe(user.username);
    const listed = (await (
      await fetch(`${running.app.url}/api/auth/tokens`, {
        headers: { authorization: `Bearer ${secret}` },
      })
    ).json()) as { tokens: { name: string; scope: string; expires_on: string | null }[] };
    expect(listed.tokens.find((k) => k.name === 'QGIS máy văn phòng')).toMatchObject({
      scope: 'read-write',
      expires_on: '2030-12-31',
    });

    // Never again: the list shows its name and when it was last used, not the secret.
    await page.reload();
    const list = page.getByTestId('token-list');
    await list.waitFor();
    expect(await page.locator('body').textContent()).not.toContain(secret);
    const row = list.locator('tr', { hasText: 'QGIS máy văn phòng' });
    await expect
      .poll(() => row.locator('td[data-col=last-used]').textContent())
      .toMatch(/\d{2}:\d{2},? \d{2}\/\d{2}\/\d{4}|\d{2}\/\d{2}\/\d{4},? \d{2}:\d{2}/);
    await page.getByTestId('tokens').screenshot({ path: join(SHOTS, 'account-token-list.png') });

    await row.getByRole('button', { name: 'Thu hồi' }).click();
    await row.getByRole('button', { name: 'Xác nhận thu hồi' }).click();
    await expect.poll(() => row.textContent()).toContain('Đã thu hồi');
    expect((await asScript(secret)).status).toBe(401);
    expect(unexpected(errors)).toEqual([]);
    await context.close();
  });
});

describe('a session that ends while a report is typed', () => {
  test('sends the inspector to sign in and back, with what they typed kept', async () => {
    const user = await createUser(running.app, 'inspector');
    const { context, page, errors } = await newPage();
    await signIn(context, running.app, user);
    await page.goto(running.app.url);
    await waitForMap(page);
    await page.getByTestId('report').click();
    const at = await pixelOf(page, 105.834, 22.147);
    await page.mouse.click(at.x, at.y);
    await page.locator('input[name=kind][value=road_encroachment]').check();
    await page.locator('input[name=description]').fill('Dựng lều bạt trên lòng đường');
    await page.locator('input[name=violator_name]').fill('Hộ kinh doanh Hoàng Anh');

    // The session ends elsewhere (signed out on another device, expired).
    await context.clearCookies();
    await page.getByRole('button', { name: 'Lưu' }).click();
    await page.getByTestId('login-form').waitFor();
    expect(await page.getByRole('status').first().textContent()).toContain('vẫn được giữ');
    await page.screenshot({ path: join(SHOTS, 'login-expired.png') });
    await fillLogin(page, user.username, user.password);

    await page.getByTestId('violation-form').waitFor();
    expect(await page.locator('input[name=description]').inputValue()).toBe(
      'Dựng lều bạt trên lòng đường',
    );
    expect(await page.locator('input[name=violator_name]').inputValue()).toBe(
      'Hộ kinh doanh Hoàng Anh',
    );
    await page.getByRole('button', { name: 'Lưu' }).click();
    await page.getByTestId('violation-detail').waitFor();
    await expect
      .poll(() => page.locator('.description').textContent())
      .toBe('Dựng lều bạt trên lòng đường');
    expect(await page.getByTestId('violator-name').textContent()).toBe('Hộ kinh doanh Hoàng Anh');
    expect(unexpected(errors, 401)).toEqual([]);
    await context.close();
  });
});
