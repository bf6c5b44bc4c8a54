/**
 * The real thing for browser tests: the app started as `npm start` starts it (on its own port, a
 * fresh DATA_DIR and a first admin), and Debian's Chromium driven by playwright-core. A missing
 * browser fails the tests with the command that installs it; nothing is skipped. Users of each
 * role are made through the API, as an admin would, and pages are signed in with their cookie.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Role } from '../../server/domain/access/permissions.ts';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { ROOT, spawnApp } from '../support/spawn-app.ts';

export const SHOTS = join(ROOT, 'test-results');

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // WebGL on the CPU: there is no GPU on CI machines.
  '--enable-unsafe-swiftshader',
];

/** The first admin, created by the app at start from ADMIN_USERNAME and ADMIN_PASSWORD. */
export const ADMIN = { username: 'admin', password: 'admin-password-for-tests' };
const SESSION_COOKIE = 'uim_session';

export interface RunningApp {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * Starts the app with `node scripts/start.mjs` (what `npm start` runs) and waits for health. Its
 * basemap is the offline one (spawnApp's) unless `env` names another: a test asks nothing of the
 * internet, and draws the same map wherever it runs.
 */
export async function startApp(env: Record<string, string> = {}): Promise<RunningApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'uim-browser-'));
  // The first start may build the web app: give it time.
  const { child, port } = await spawnApp(
    ['scripts/start.mjs'],
    { ...env, DATA_DIR: dataDir, ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password },
    { host: 'localhost', timeoutMs: 150_000 },
  );
  const url = `http://localhost:${port}`;
  return {
    url,
    dataDir,
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}. Install it with: apt-get update && apt-get install -y chromium`,
    );
  }
  mkdirSync(SHOTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
}

/**
 * Every console error and uncaught exception of a page, to assert there are none. Content
 * Security Policy violations are reported as console errors too.
 */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  void page.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(
        `CSP violation: ${e.violatedDirective} ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`,
      ),
    ),
  );
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  return errors;
}

/** Errors but the browser's log of refused requests with these statuses (expected refusals). */
export function unexpected(errors: string[], ...statuses: number[]): string[] {
  return errors.filter((e) => !statuses.some((s) => e.includes(`status of ${s}`)));
}

/** Waits until the map has loaded its style and drawn the violations source. */
export async function waitForMap(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const map = (
        window as unknown as { __map?: { loaded(): boolean; getSource(id: string): unknown } }
      ).__map;
      return !!map && map.loaded() && !!map.getSource('violations');
    },
    undefined,
    { timeout: 30_000 },
  );
}

/**
 * The page position of a longitude/latitude on the map, for clicks, once the map has settled. A
 * panel that has just opened shrinks the map's box and MapLibre follows on a later frame: a
 * position read before that is where the panel now is, and the click would land on it.
 */
export async function pixelOf(
  page: Page,
  lon: number,
  lat: number,
): Promise<{ x: number; y: number }> {
  await page.waitForFunction(
    () => {
      const map = (window as unknown as { __map: import('maplibre-gl').Map }).__map;
      const box = map.getContainer().getBoundingClientRect();
      const canvas = map.getCanvas().getBoundingClientRect();
      const sized =
        Math.abs(box.width - canvas.width) < 1 && Math.abs(box.height - canvas.height) < 1;
      return sized && !map.isMoving();
    },
    undefined,
    { timeout: 10_000, polling: 'raf' },
  );
  return page.evaluate(
    ([x, y]) => {
      const map = (window as unknown as { __map: import('maplibre-gl').Map }).__map;
      const p = map.project([x!, y!]);
      const box = map.getCanvas().getBoundingClientRect();
      return { x: box.left + p.x, y: box.top + p.y };
    },
    [lon, lat],
  );
}

/**
 * After a failed test, what its pages showed: a screenshot in test-results and, in the log, each
 * page's address and visible text (a form's error, a panel still loading, a notice), so that a
 * failure seen once on CI can be read without running it again. The failed test's contexts are
 * closed here, since its own closing never ran.
 */
export function describeFailures(browser: () => Browser | undefined): void {
  afterEach(async ({ task }) => {
    if (task.result?.state !== 'fail') return;
    const name = task.name.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 60);
    for (const [c, context] of (browser()?.contexts() ?? []).entries()) {
      for (const [p, page] of context.pages().entries()) {
        const shot = `failed-${name}-${c}-${p}.png`;
        await page.screenshot({ path: join(SHOTS, shot) }).catch(() => {});
        const text = await page
          .locator('body')
          .innerText({ timeout: 5_000 })
          .catch((e: Error) => `(no text: ${e.message})`);
        console.error(
          `Failed "${task.name}": ${page.url()} (${shot}) showed:\n${text.slice(0, 3_000)}`,
        );
      }
      await context.close().catch(() => {});
    }
  });
}

/**
 * One started app and one Chromium for a test file: started before its tests, stopped after.
 * Read `app` and `browser` inside tests (they exist once beforeAll has run).
 */
export function useAppAndBrowser(env: () => Record<string, string> = () => ({})): {
  readonly app: RunningApp;
  readonly browser: Browser;
} {
  let app: RunningApp | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(env()), launchChromium()]);
  });
  describeFailures(() => browser);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });
  return {
    get app() {
      return app!;
    },
    get browser() {
      return browser!;
    },
  };
}

/**
 * A user made for a test, with a personal API token for calls from Node and a session that pages
 * share (each sign-in costs a slow password check; the tests need only one per user).
 */
export interface TestUser {
  id: string;
  username: string;
  password: string;
  display_name: string;
  roles: Role[];
  token: string;
  /** The session cookie's value. */
  session: string;
}

/** Signs in through the API as a browser would; answers the session cookie's value. */
export async function sessionCookie(
  app: RunningApp,
  user: { username: string; password: string },
): Promise<string> {
  const res = await fetch(`${app.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: app.url },
    body: JSON.stringify({ username: user.username, password: user.password }),
  });
  if (!res.ok)
    throw new Error(`sign-in of ${user.username} failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  if (!cookie) throw new Error('sign-in set no session cookie');
  return cookie.slice(SESSION_COOKIE.length + 1).split(';')[0]!;
}

/**
 * A personal API token, made with the user's session from the app's own origin, with all the
 * user's powers: `admin` for an admin, `read-write` for anyone else.
 */
async function newToken(app: RunningApp, cookie: string, scope: 'read-write' | 'admin') {
  const res = await fetch(`${app.url}/api/auth/tokens`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      cookie: `${SESSION_COOKIE}=${cookie}`,
      origin: app.url,
    },
    body: JSON.stringify({ name: 'browser tests', scope }),
  });
  if (!res.ok) throw new Error(`token failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/** Calls the API with a user's token; throws on a refusal unless the status is expected. */
export async function api<T = unknown>(
  app: RunningApp,
  as: { token: string } | null,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(`${app.url}${path}`, {
    method,
    headers: {
      ...(body !== undefined && { 'content-type': 'application/json' }),
      ...(as && { authorization: `Bearer ${as.token}` }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path} failed: ${res.status} ${await res.text()}`);
  return (res.status === 204 ? undefined : await res.json()) as T;
}

const admins = new WeakMap<RunningApp, Promise<TestUser>>();

/** The first admin with a token, made once per app. */
export function adminOf(app: RunningApp): Promise<TestUser> {
  let admin = admins.get(app);
  if (!admin) {
    admin = (async () => {
      const session = await sessionCookie(app, ADMIN);
      const token = await newToken(app, session, 'admin');
      const me = await api<{ user: Omit<TestUser, 'password' | 'token'> }>(
        app,
        { token },
        'GET',
        '/api/auth/me',
      );
      return { ...me.user, password: ADMIN.password, token, session };
    })();
    admins.set(app, admin);
  }
  return admin;
}

let made = 0;

/** Creates a user with these roles through the admin API, and a token for them. */
export async function createUser(
  app: RunningApp,
  roles: Role | Role[],
  options: { username?: string; display_name?: string; password?: string } = {},
): Promise<TestUser> {
  const list = Array.isArray(roles) ? roles : [roles];
  made += 1;
  const input = {
    username: options.username ?? `${list[0]}-${made}`,
    display_name: options.display_name ?? `Cán bộ ${list[0]} ${made}`,
    password: options.password ?? `password-${made}-for-tests`,
    roles: list,
  };
  const created = await api<{ id: string }>(app, await adminOf(app), 'POST', '/api/users', input);
  const session = await sessionCookie(app, input);
  const scope = list.includes('admin') ? 'admin' : 'read-write';
  return { ...input, id: created.id, token: await newToken(app, session, scope), session };
}

/** Signs a browser context in as a test user (the first admin with 'admin'). */
export async function signIn(
  context: BrowserContext,
  app: RunningApp,
  user: TestUser | 'admin',
): Promise<void> {
  const value = (user === 'admin' ? await adminOf(app) : user).session;
  await context.addCookies([
    { name: SESSION_COOKIE, value, url: app.url, httpOnly: true, sameSite: 'Strict' },
  ]);
}

/** Creates a violation through the API, as the given user would have. */
export async function createViolation(
  app: RunningApp,
  feature: unknown,
  as: { token: string },
): Promise<{ id: string }> {
  return api<{ id: string }>(app, as, 'POST', '/api/violations', feature);
}
