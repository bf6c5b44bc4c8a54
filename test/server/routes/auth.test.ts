/**
 * /api/auth: sign-in with its session cookie and rate limit, who am I, sign-out, session lifetime,
 * the same-origin check on cookie writes, one's own password, personal API tokens. A password
 * costs a slow scrypt derivation each time it is hashed or checked, so each block makes few.
 */
import { beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import type { Role } from '../../../server/domain/access/permissions.ts';
import type { PublicUser } from '../../../server/domain/access/user.ts';
import { UserService } from '../../../server/services/users.ts';
import { hashSecret } from '../../../server/services/secrets.ts';
import { call, reportBody, START, testApp, type Answer } from '../helpers.ts';

// Each password hashed or checked is a quarter second of scrypt, longer on a busy machine.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

type Setup = Awaited<ReturnType<typeof testApp>>;

const ORIGIN = 'http://localhost';
const PASSWORD = 'Mật khẩu của Anh 2026';
const WRONG = 'not the password at all';
const MINUTE = 60_000;
const DAY = 86_400_000;

/** An instant `ms` after START, as an ISO string. */
const after = (ms: number) => new Date(Date.parse(START) + ms).toISOString();

/** A user with a password, made as the app makes one (one slow hash). */
function addUser(
  t: Setup,
  username = 'anh',
  roles: Role[] = ['inspector'],
  password = PASSWORD,
): Promise<PublicUser> {
  const users = new UserService({ store: t.store, clock: t.clock });
  return users.create({ username, display_name: 'Nguyễn Thị Anh', roles, password }, null);
}

function login(t: Setup, username: string, password: string, headers?: Record<string, string>) {
  return call(t.raw, 'POST', '/api/auth/login', { username, password }, headers);
}

/** Every Set-Cookie line of an answer for the session cookie. */
function sessionCookies(a: Answer): string[] {
  return a.headers.getSetCookie().filter((c) => c.startsWith('uim_session='));
}

/** The session cookie an answer sets, as a browser sends it back ("uim_session=…"). */
function cookieOf(a: Answer): string {
  const set = sessionCookies(a).at(-1);
  if (!set || /Max-Age=0/i.test(set)) throw new Error(`no session cookie in ${a.status}`);
  return set.split(';')[0]!;
}

/** The cookie's value alone: the store keeps only its hash. */
const secretOf = (cookie: string) => cookie.slice('uim_session='.length);

/** What a page of the app sends: its cookie and its own Origin. */
const browser = (cookie: string) => ({ cookie, origin: ORIGIN });

const me = (t: Setup, headers: Record<string, string> = {}) =>
  call(t.raw, 'GET', '/api/auth/me', undefined, headers);

/** True when the answer tells the browser to drop the session cookie. */
const clearsCookie = (a: Answer) =>
  sessionCookies(a).some((c) => /^uim_session=;/.test(c) && /Max-Age=0/i.test(c));

const WRONG_CREDENTIALS = {
  error: { code: 'UNAUTHENTICATED', message: 'Sai tên đăng nhập hoặc mật khẩu.' },
};

describe('POST /api/auth/login', () => {
  let t: Setup;
  let anh: PublicUser;
  beforeAll(async () => {
    t = await testApp();
    anh = await addUser(t);
  });

  test('signs in: 200, the user without the hash, their permissions, a session cookie', async () => {
    const answer = await login(t, 'anh', PASSWORD);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      user: anh,
      permissions: [
        'public:read',
        'records:read',
        'violations:create',
        'violations:edit-own',
        'violations:note',
        'violations:photo',
        'violators:read',
      ],
    });
    expect(JSON.stringify(answer.body)).not.toMatch(/password_hash|scrypt/);
    const [cookie, ...more] = sessionCookies(answer);
    expect(more).toEqual([]);
    const attributes = cookie!.split(/;\s*/).slice(1);
    expect(attributes).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Strict', 'Path=/']));
    expect(attributes).not.toContain('Secure');
    expect(attributes).toContain(`Expires=${new Date(Date.parse(START) + 30 * DAY).toUTCString()}`);
    expect(secretOf(cookieOf(answer)).length).toBeGreaterThanOrEqual(43);
  });

  test('the cookie signs the browser in; the store keeps only its hash', async () => {
    const cookie = cookieOf(await login(t, 'anh', PASSWORD));
    const who = await me(t, { cookie });
    expect(who.status).toBe(200);
    expect(who.body.user).toEqual(anh);
    const session = await t.store.sessions.get(hashSecret(secretOf(cookie)));
    expect(session).toMatchObject({ user_id: anh.id, created_at: START });
    expect(JSON.stringify(session)).not.toContain(secretOf(cookie));
  });

  test('marks the cookie Secure behind a TLS proxy and on https', async () => {
    const proxied = await login(t, 'anh', PASSWORD, { 'x-forwarded-proto': 'https' });
    expect(proxied.status).toBe(200);
    expect(sessionCookies(proxied)[0]!.split(/;\s*/)).toContain('Secure');
    const direct = await t.raw.request('https://localhost/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'anh', password: PASSWORD }),
    });
    expect(direct.status).toBe(200);
    expect(direct.headers.getSetCookie()[0]!.split(/;\s*/)).toContain('Secure');
  });

  test('takes the username in any case and with spaces around it', async () => {
    const answer = await login(t, '  ANH ', PASSWORD);
    expect(answer.status).toBe(200);
    expect(answer.body.user.id).toBe(anh.id);
  });

  test('a wrong password and an unknown user get the same 401, and no cookie', async () => {
    const wrong = await login(t, 'anh', WRONG);
    const unknown = await login(t, 'nobody-here', PASSWORD);
    for (const answer of [wrong, unknown]) {
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual(WRONG_CREDENTIALS);
      expect(sessionCookies(answer)).toEqual([]);
    }
  });

  test('a password differing only in case is wrong', async () => {
    expect((await login(t, 'anh', PASSWORD.toUpperCase())).status).toBe(401);
  });

  test('an account without a password (tokens only) cannot sign in', async () => {
    // testApp's users sign in with tokens only.
    const answer = await login(t, 'admin', PASSWORD);
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual(WRONG_CREDENTIALS);
  });

  test('a disabled account gets the same 401 with the right password', async () => {
    const binh = await addUser(t, 'binh');
    const users = new UserService({ store: t.store, clock: t.clock });
    const admin = await users.get(t.users.admin.id);
    await users.update(binh.id, { disabled: true }, admin);
    const answer = await login(t, 'binh', PASSWORD);
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual(WRONG_CREDENTIALS);
    expect(sessionCookies(answer)).toEqual([]);
  });

  test('answers in English when asked', async () => {
    const answer = await login(t, 'anh', WRONG, { 'accept-language': 'en' });
    expect(answer.body.error.message).toBe('Wrong username or password.');
  });

  test.each([
    ['no password', { username: 'anh' }],
    ['an empty password', { username: 'anh', password: '' }],
    ['an empty username', { username: ' ', password: PASSWORD }],
    ['an unknown key', { username: 'anh', password: PASSWORD, remember: true }],
    ['a password over 200 characters', { username: 'anh', password: 'x'.repeat(201) }],
  ])('refuses %s with 422 and no cookie', async (_, body) => {
    const answer = await call(t.raw, 'POST', '/api/auth/login', body);
    expect(answer.status).toBe(422);
    expect(answer.body.error.code).toBe('VALIDATION_FAILED');
    expect(sessionCookies(answer)).toEqual([]);
  });
});

describe('sign-in rate limit', () => {
  let t: Setup;
  beforeAll(async () => {
    t = await testApp();
    await addUser(t);
  });

  // Each test starts a day after the last, from an address of its own: no failure of another
  // test still counts.
  let day = 0;
  let start: number;
  let address: string;
  beforeEach(() => {
    day += 1;
    start = Date.parse(START) + day * DAY;
    t.clock.set(new Date(start).toISOString());
    address = `192.0.2.${day}`;
  });
  const at = (ms: number) => t.clock.set(new Date(start + ms).toISOString());

  /** A sign-in from a socket's address, as @hono/node-server passes it to the app. */
  async function signIn(username: string, password: string, from = address): Promise<Answer> {
    const res = await t.raw.request(
      '/api/auth/login',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      },
      { incoming: { socket: { remoteAddress: from, remoteFamily: 'IPv4' } } },
    );
    return { status: res.status, headers: res.headers, body: await res.json() };
  }
  /** `n` wrong passwords for one account, sent at once. */
  const fail = async (n: number, username = 'anh') =>
    (await Promise.all(Array.from({ length: n }, () => signIn(username, WRONG)))).map(
      (a) => a.status,
    );

  test('after 5 failures in 15 minutes the account gets 429 with Retry-After, even with the right password', async () => {
    expect(await fail(5)).toEqual([401, 401, 401, 401, 401]);
    const refused = await signIn('anh', PASSWORD);
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('TOO_MANY_REQUESTS');
    expect(refused.headers.get('retry-after')).toBe('900');
    expect(refused.body.error.details).toEqual({ retry_after_seconds: 900 });
    expect(sessionCookies(refused)).toEqual([]);
    // Any case of the name is the same account; from any address.
    expect((await signIn('ANH', PASSWORD, '198.51.100.9')).status).toBe(429);
    // Other accounts are not locked with it.
    expect((await signIn('someone-else', PASSWORD)).status).toBe(401);

    at(15 * MINUTE - 1000);
    const later = await signIn('anh', PASSWORD);
    expect(later.status).toBe(429);
    expect(later.headers.get('retry-after')).toBe('1');

    at(15 * MINUTE);
    const again = await signIn('anh', PASSWORD);
    expect(again.status).toBe(200);
    expect(cookieOf(again)).toMatch(/^uim_session=/);
  });

  test('a successful sign-in clears the account’s failures', async () => {
    expect(await fail(4)).toEqual([401, 401, 401, 401]);
    expect((await signIn('anh', PASSWORD)).status).toBe(200);
    // Without the reset, the second of these would be the sixth failure and get 429.
    expect(await fail(2)).toEqual([401, 401]);
  });

  test('attempts sent at once cannot slip past the limit while passwords are checked', async () => {
    const statuses = await fail(8);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(3);
    expect((await signIn('anh', PASSWORD)).status).toBe(429);
  });

  test('20 failures from one address stop that address, not another', async () => {
    // Four tries on each of five accounts: no account reaches its own limit.
    const names = ['anh', 'binh', 'chi', 'dung', 'em'];
    expect((await Promise.all(names.map((name) => fail(4, name)))).flat()).toEqual(
      Array(20).fill(401),
    );
    const blocked = await signIn('giang', WRONG);
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toBe('900');
    expect((await signIn('giang', WRONG, '198.51.100.2')).status).toBe(401);
  });
});

describe('GET /api/auth/me', () => {
  let t: Setup;
  let anh: PublicUser;
  let cookie: string;
  beforeAll(async () => {
    t = await testApp();
    anh = await addUser(t);
    cookie = cookieOf(await login(t, 'anh', PASSWORD));
  });

  test('anonymous: no user and the public permission only', async () => {
    const answer = await me(t);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ user: null, permissions: ['public:read'] });
  });

  test('with the session cookie: the user and their permissions', async () => {
    const answer = await me(t, { cookie });
    expect(answer.body.user).toEqual(anh);
    expect(answer.body.permissions).toContain('violations:create');
    expect(answer.body.permissions).not.toContain('users:manage');
  });

  test('with a Bearer token: that token’s user', async () => {
    const answer = await me(t, { authorization: `Bearer ${t.users.admin.token}` });
    expect(answer.body.user).toMatchObject({ id: t.users.admin.id, username: 'admin' });
    expect(answer.body.permissions).toContain('users:manage');
    expect(answer.body.user).not.toHaveProperty('password_hash');
  });

  test('an unknown cookie is anonymous, and the answer clears it', async () => {
    const answer = await me(t, { cookie: 'uim_session=made-up-value' });
    expect(answer.status).toBe(200);
    expect(answer.body.user).toBeNull();
    expect(clearsCookie(answer)).toBe(true);
  });
});

describe('POST /api/auth/logout', () => {
  let t: Setup;
  beforeAll(async () => {
    t = await testApp();
    await addUser(t);
  });

  test('ends the session: the cookie no longer works and is cleared', async () => {
    const cookie = cookieOf(await login(t, 'anh', PASSWORD));
    const other = cookieOf(await login(t, 'anh', PASSWORD));
    const answer = await call(t.raw, 'POST', '/api/auth/logout', {}, browser(cookie));
    expect(answer.status).toBe(204);
    expect(clearsCookie(answer)).toBe(true);
    expect(await t.store.sessions.get(hashSecret(secretOf(cookie)))).toBeUndefined();
    expect((await me(t, { cookie })).body.user).toBeNull();
    const write = await call(t.raw, 'POST', '/api/violations', reportBody(), browser(cookie));
    expect(write.status).toBe(401);
    // Only this browser signed out.
    expect((await me(t, { cookie: other })).body.user.username).toBe('anh');
  });

  test('an hour after sign-in the answer renews, then clears: the clearing comes last', async () => {
    const cookie = cookieOf(await login(t, 'anh', PASSWORD));
    t.clock.set(after(2 * 60 * MINUTE));
    const answer = await call(t.raw, 'POST', '/api/auth/logout', {}, browser(cookie));
    expect(answer.status).toBe(204);
    // A browser applies Set-Cookie lines in order: the last one must drop the cookie.
    expect(sessionCookies(answer)).toHaveLength(2);
    expect(sessionCookies(answer).at(-1)).toMatch(/^uim_session=;.*Max-Age=0/i);
    expect((await me(t, { cookie })).body.user).toBeNull();
  });

  test('a sign-out with no body and no content type, as the web app sends it: 204', async () => {
    const cookie = cookieOf(await login(t, 'anh', PASSWORD));
    const res = await t.raw.request('/api/auth/logout', {
      method: 'POST',
      headers: browser(cookie),
    });
    expect(res.status).toBe(204);
    expect((await me(t, { cookie })).body.user).toBeNull();
  });

  test('without a session it still answers 204 and clears the cookie', async () => {
    const answer = await call(t.raw, 'POST', '/api/auth/logout', {});
    expect(answer.status).toBe(204);
    expect(clearsCookie(answer)).toBe(true);
  });
});

describe('session lifetime', () => {
  let t: Setup;
  beforeEach(async () => {
    t = await testApp();
    await addUser(t);
  });

  test('a session ends after 30 days unused; each use slides the 30 days on', async () => {
    const cookie = cookieOf(await login(t, 'anh', PASSWORD));

    t.clock.set(after(30 * DAY - 1000));
    const used = await me(t, { cookie });
    expect(used.body.user.username).toBe('anh');
    const renewed = sessionCookies(used);
    expect(renewed).toHaveLength(1);
    const until = new Date(Date.parse(START) + 60 * DAY - 1000);
    expect(renewed[0]).toContain(`Expires=${until.toUTCString()}`);
    expect(renewed[0]!.split(';')[0]).toBe(cookie);
    expect(renewed[0]!.split(/;\s*/)).toEqual(
      expect.arrayContaining(['HttpOnly', 'SameSite=Strict', 'Path=/']),
    );

    // Past the first 30 days: alive, because it was used.
    t.clock.set(after(59 * DAY));
    expect((await me(t, { cookie })).body.user.username).toBe('anh');

    // 30 days after that last use, it is over.
    t.clock.set(after(89 * DAY));
    const expired = await me(t, { cookie });
    expect(expired.body.user).toBeNull();
    expect(clearsCookie(expired)).toBe(true);
  });

  test('expires exactly 30 days after the last use, and is swept from the store', async () => {
    const cookie = cookieOf(await login(t, 'anh', PASSWORD));
    t.clock.set(after(30 * DAY));
    expect((await me(t, { cookie })).body.user).toBeNull();
    // The next sign-in, anyone's, removes what ran out.
    expect(await t.store.sessions.get(hashSecret(secretOf(cookie)))).toBeDefined();
    const next = cookieOf(await login(t, 'anh', PASSWORD));
    expect(await t.store.sessions.get(hashSecret(secretOf(cookie)))).toBeUndefined();
    expect(await t.store.sessions.get(hashSecret(secretOf(next)))).toBeDefined();
  });

  test('the expiry is slid at most once an hour, not on every request', async () => {
    const cookie = cookieOf(await login(t, 'anh', PASSWORD));
    const stored = async () => (await t.store.sessions.get(hashSecret(secretOf(cookie))))!;
    const first = (await stored()).expires_at;

    t.clock.set(after(59 * MINUTE));
    const soon = await me(t, { cookie });
    expect(soon.body.user.username).toBe('anh');
    expect(sessionCookies(soon)).toEqual([]);
    expect((await stored()).expires_at).toBe(first);

    t.clock.set(after(60 * MINUTE));
    const hourLater = await me(t, { cookie });
    expect(sessionCookies(hourLater)).toHaveLength(1);
    expect(await stored()).toMatchObject({
      last_seen_at: after(60 * MINUTE),
      expires_at: after(30 * DAY + 60 * MINUTE),
    });
  });
});

describe('same-origin check on cookie writes (CSRF)', () => {
  let t: Setup;
  let cookie: string;
  beforeAll(async () => {
    t = await testApp();
    await addUser(t);
    cookie = cookieOf(await login(t, 'anh', PASSWORD));
  });

  const total = async () => (await t.store.violations.list({ limit: 1, offset: 0 })).total;

  test.each([
    ['no Origin', {}],
    ['a foreign Origin', { origin: 'https://evil.example' }],
    ['the same host on another port', { origin: 'http://localhost:8080' }],
    ['a look-alike host', { origin: 'http://localhost.evil.example' }],
    ['Origin "null"', { origin: 'null' }],
  ])('a cookie write with %s gets 403 CSRF and writes nothing', async (_, headers) => {
    const before = await total();
    const answer = await call(t.raw, 'POST', '/api/violations', reportBody(), {
      cookie,
      ...headers,
    });
    expect(answer.status).toBe(403);
    expect(answer.body.error.code).toBe('CSRF');
    expect(await total()).toBe(before);
  });

  test('a cookie write from the app’s own Origin goes through', async () => {
    const before = await total();
    const answer = await call(t.raw, 'POST', '/api/violations', reportBody(), browser(cookie));
    expect(answer.status).toBe(201);
    expect(answer.body.properties.created_by).toBe((await t.store.users.byUsername('anh'))!.id);
    expect(await total()).toBe(before + 1);
  });

  test('a foreign page cannot create a token or sign the user out with the cookie', async () => {
    const foreign = { cookie, origin: 'https://evil.example' };
    const token = await call(t.raw, 'POST', '/api/auth/tokens', { name: 'stolen' }, foreign);
    expect(token.status).toBe(403);
    const tokens = await call(t.raw, 'GET', '/api/auth/tokens', undefined, { cookie });
    expect(tokens.body.tokens).toEqual([]);
    const out = await call(t.raw, 'POST', '/api/auth/logout', {}, foreign);
    expect(out.status).toBe(403);
    expect((await me(t, { cookie })).body.user.username).toBe('anh');
  });

  test('reads with the cookie need no Origin', async () => {
    const answer = await call(t.raw, 'GET', '/api/violations', undefined, { cookie });
    expect(answer.status).toBe(200);
    expect(answer.body.numberMatched).toBe(await total());
  });

  test('Bearer requests need no Origin, and a foreign one does not matter', async () => {
    const bearer = { authorization: `Bearer ${t.users.inspector.token}` };
    const plain = await call(t.raw, 'POST', '/api/violations', reportBody(), bearer);
    expect(plain.status).toBe(201);
    const foreign = await call(t.raw, 'POST', '/api/violations', reportBody(), {
      ...bearer,
      origin: 'https://evil.example',
    });
    expect(foreign.status).toBe(201);
  });

  test('sign-in from a foreign Origin is refused before the password is checked', async () => {
    const answer = await login(t, 'anh', PASSWORD, { origin: 'https://evil.example' });
    expect(answer.status).toBe(403);
    expect(answer.body.error.code).toBe('CSRF');
    expect(sessionCookies(answer)).toEqual([]);
  });

  test('sign-in from the app’s own Origin, or from a script without one, goes through', async () => {
    expect((await login(t, 'anh', PASSWORD, { origin: ORIGIN })).status).toBe(200);
    expect((await login(t, 'anh', PASSWORD)).status).toBe(200);
  });
});

describe('POST /api/auth/password', () => {
  let t: Setup;
  /** A browser signed in before the tests; the last test's change ends its session. */
  let cookie: string;
  const NEW = 'một mật khẩu mới hơn';
  beforeAll(async () => {
    t = await testApp();
    await addUser(t);
    cookie = cookieOf(await login(t, 'anh', PASSWORD));
  });

  const change = (headers: Record<string, string>, current: string, next: string) =>
    call(
      t.raw,
      'POST',
      '/api/auth/password',
      { current_password: current, new_password: next },
      headers,
    );

  test('a wrong current password gets 422 and changes nothing', async () => {
    const answer = await change(browser(cookie), WRONG, NEW);
    expect(answer.status).toBe(422);
    expect(answer.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ path: 'current_password' }],
    });
    expect(sessionCookies(answer)).toEqual([]);
    // A change would have ended this session.
    expect((await me(t, { cookie })).body.user.username).toBe('anh');
    expect((await t.store.users.byUsername('anh'))!.version).toBe(1);
  });

  test('a new password under 10 characters gets 422', async () => {
    const answer = await change(browser(cookie), PASSWORD, 'short');
    expect(answer.status).toBe(422);
    expect(answer.body.error.details[0].path).toBe('new_password');
  });

  test('anonymous gets 401', async () => {
    expect((await change({}, PASSWORD, NEW)).status).toBe(401);
  });

  test('a token-only account has no current password to give', async () => {
    const answer = await change({ authorization: `Bearer ${t.users.viewer.token}` }, WRONG, NEW);
    expect(answer.status).toBe(422);
    expect(sessionCookies(answer)).toEqual([]);
  });

  test('changes it: the new one works, the old one not, other sessions end, this browser goes on', async () => {
    const elsewhere = cookieOf(await login(t, 'anh', PASSWORD));
    t.clock.set(after(MINUTE));
    const answer = await change(browser(cookie), PASSWORD, NEW);
    expect(answer.status).toBe(204);

    const fresh = cookieOf(answer);
    expect(fresh).not.toBe(cookie);
    expect((await me(t, { cookie: fresh })).body.user.username).toBe('anh');
    expect((await me(t, { cookie })).body.user).toBeNull();
    expect((await me(t, { cookie: elsewhere })).body.user).toBeNull();

    expect((await login(t, 'anh', PASSWORD)).status).toBe(401);
    expect((await login(t, 'anh', NEW)).status).toBe(200);

    const user = (await t.store.users.byUsername('anh'))!;
    expect(user.password_changed_at).toBe(after(MINUTE));
    const log = (await t.store.audit.list({ recordId: user.id, limit: 10, offset: 0 })).items;
    expect(log[0]).toMatchObject({ action: 'password:change', user: user.id, layer: 'users' });
  });
});

describe('personal API tokens', () => {
  let t: Setup;
  beforeEach(async () => {
    t = await testApp();
  });

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const create = (token: string, name = 'QGIS trên máy văn phòng') =>
    call(t.raw, 'POST', '/api/auth/tokens', { name }, bearer(token));
  const list = async (token: string) =>
    (await call(t.raw, 'GET', '/api/auth/tokens', undefined, bearer(token))).body.tokens;

  test('creating one answers its secret once, starting with uim_', async () => {
    const answer = await create(t.users.planner.token);
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({
      token: expect.stringMatching(/^uim_[A-Za-z0-9_-]{43}$/),
      id: expect.any(String),
      user_id: t.users.planner.id,
      name: 'QGIS trên máy văn phòng',
      scope: 'read',
      expires_on: null,
      created_at: START,
      last_used_at: null,
      revoked_at: null,
    });
    expect(answer.body.token).not.toBe((await create(t.users.planner.token)).body.token);
  });

  test('the list shows the user’s own tokens and never a secret', async () => {
    const { token, id } = (await create(t.users.planner.token)).body;
    await create(t.users.lead.token, 'someone else’s');
    const response = await call(t.raw, 'GET', '/api/auth/tokens', undefined, bearer(token));
    expect(response.status).toBe(200);
    const ids = response.body.tokens.map((k: { id: string }) => k.id);
    // testApp's own token and the new one; the lead's is not listed.
    expect(ids).toHaveLength(2);
    expect(ids).toContain(id);
    expect(response.body.tokens.every((k: object) => !('token' in k))).toBe(true);
    expect(
      response.body.tokens.every((k: { user_id: string }) => k.user_id === t.users.planner.id),
    ).toBe(true);
    const text = JSON.stringify(response.body);
    expect(text).not.toContain(token);
    expect(text).not.toContain(hashSecret(token));
    expect(text).not.toMatch(/token_hash/);
  });

  test('the new token works as a Bearer token and records when it was used', async () => {
    const { token, id } = (await create(t.users.planner.token)).body;
    t.clock.set(after(5 * MINUTE));
    const who = await me(t, bearer(token));
    expect(who.body.user.id).toBe(t.users.planner.id);
    expect((await t.store.tokens.get(id))!.last_used_at).toBe(after(5 * MINUTE));
    // Not rewritten on every request: once an hour is enough.
    t.clock.set(after(30 * MINUTE));
    await me(t, bearer(token));
    expect((await t.store.tokens.get(id))!.last_used_at).toBe(after(5 * MINUTE));
    t.clock.set(after(65 * MINUTE));
    await me(t, bearer(token));
    expect((await t.store.tokens.get(id))!.last_used_at).toBe(after(65 * MINUTE));
  });

  test('a revoked token answers 401', async () => {
    const { token, id } = (await create(t.users.planner.token)).body;
    t.clock.set(after(MINUTE));
    const answer = await call(
      t.raw,
      'POST',
      `/api/auth/tokens/${id}/revoke`,
      {},
      bearer(t.users.planner.token),
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ id, revoked_at: after(MINUTE) });
    const refused = await me(t, bearer(token));
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('UNAUTHENTICATED');
    expect(
      (await list(t.users.planner.token)).find((k: { id: string }) => k.id === id),
    ).toMatchObject({ revoked_at: after(MINUTE) });
  });

  test('revoking another user’s token is 404 unless one is an admin', async () => {
    const { token, id } = (await create(t.users.planner.token)).body;
    const path = `/api/auth/tokens/${id}/revoke`;
    const byLead = await call(t.raw, 'POST', path, {}, bearer(t.users.lead.token));
    expect(byLead.status).toBe(404);
    expect(byLead.body.error.code).toBe('NOT_FOUND');
    expect((await me(t, bearer(token))).status).toBe(200);

    const byAdmin = await call(t.raw, 'POST', path, {}, bearer(t.users.admin.token));
    expect(byAdmin.status).toBe(200);
    expect((await me(t, bearer(token))).status).toBe(401);
    const log = await t.store.audit.list({ layer: 'tokens', recordId: id, limit: 10, offset: 0 });
    expect(log.items[0]).toMatchObject({ action: 'revoke', user: t.users.admin.id });
  });

  test('revoking an unknown token is 404', async () => {
    const answer = await call(
      t.raw,
      'POST',
      `/api/auth/tokens/${crypto.randomUUID()}/revoke`,
      {},
      bearer(t.users.admin.token),
    );
    expect(answer.status).toBe(404);
  });

  test.each([
    ['an empty name', { name: '  ' }],
    ['no name', {}],
    ['an unknown key', { name: 'x', expires: '2030-01-01' }],
    ['a name over 100 characters', { name: 'x'.repeat(101) }],
  ])('refuses %s with 422', async (_, body) => {
    const answer = await call(
      t.raw,
      'POST',
      '/api/auth/tokens',
      body,
      bearer(t.users.viewer.token),
    );
    expect(answer.status).toBe(422);
    expect(await t.store.tokens.listForUser(t.users.viewer.id)).toHaveLength(1);
  });

  test('anonymous gets 401 for every token route', async () => {
    expect((await call(t.raw, 'GET', '/api/auth/tokens')).status).toBe(401);
    expect((await call(t.raw, 'POST', '/api/auth/tokens', { name: 'x' })).status).toBe(401);
    const revoke = `/api/auth/tokens/${crypto.randomUUID()}/revoke`;
    expect((await call(t.raw, 'POST', revoke, {})).status).toBe(401);
  });
});

describe('a credential that does not work is an error, never anonymous', () => {
  let t: Setup;
  beforeAll(async () => {
    t = await testApp();
  });

  // The header is read when the test runs: the users' tokens exist only once the app is made.
  test.each([
    ['an unknown Bearer token', () => 'Bearer uim_not-a-real-token'],
    ['a Bearer token with nothing after it', () => 'Bearer '],
    ['a Basic header', () => `Basic ${Buffer.from('admin:secret').toString('base64')}`],
    ['a bare token without a scheme', () => t.users.admin.token],
  ])('%s answers 401, on public reads too', async (_, header) => {
    const authorization = header();
    for (const path of ['/api/auth/me', '/api/violations']) {
      const answer = await call(t.raw, 'GET', path, undefined, { authorization });
      expect(answer.status).toBe(401);
      expect(answer.body.error.code).toBe('UNAUTHENTICATED');
    }
  });

  test('the scheme is case-insensitive', async () => {
    const answer = await me(t, { authorization: `bearer ${t.users.admin.token}` });
    expect(answer.body.user.username).toBe('admin');
  });
});
