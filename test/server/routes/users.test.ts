/**
 * /api/users: accounts managed by admins. Creating a user and resetting a password hash it (a
 * quarter second each), so only the tests about passwords create users with one.
 */
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { TokenService } from '../../../server/services/tokens.ts';
import { hashSecret } from '../../../server/services/secrets.ts';
import { call, START, testApp, type Answer, type TestApp, type TestUser } from '../helpers.ts';

// Each password hashed or checked is a quarter second of scrypt, longer on a busy machine.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

type Setup = Awaited<ReturnType<typeof testApp>>;

const ORIGIN = 'http://localhost';
const PASSWORD = 'Mật khẩu ban đầu 01';
const LATER = '2026-03-10T04:00:00.000Z';

let t: Setup;
let admin: TestApp;
beforeEach(async () => {
  t = await testApp();
  admin = t.as('admin');
});

const newUser = (extra: Record<string, unknown> = {}) => ({
  username: 'chi.nguyen',
  display_name: 'Nguyễn Thị Chi',
  roles: ['inspector'],
  password: PASSWORD,
  ...extra,
});

const create = (body: unknown) => call(admin, 'POST', '/api/users', body);
const patch = (id: string, body: unknown, as: TestApp = admin) =>
  call(as, 'PATCH', `/api/users/${id}`, body);
const login = (username: string, password: string) =>
  call(t.raw, 'POST', '/api/auth/login', { username, password });
const me = (headers: Record<string, string>) =>
  call(t.raw, 'GET', '/api/auth/me', undefined, headers);
const bearer = (who: TestUser) => ({ authorization: `Bearer ${t.users[who].token}` });

function cookieOf(a: Answer): string {
  const set = a.headers.getSetCookie().find((c) => c.startsWith('uim_session='));
  if (!set) throw new Error(`no session cookie (${a.status})`);
  return set.split(';')[0]!;
}

describe('POST /api/users', () => {
  test('creates a user: 201, its Location, no password hash; the user signs in', async () => {
    const answer = await create(
      newUser({
        username: '  Chi.Nguyen ',
        display_name: ' Nguyễn Thị Chi ',
        roles: ['inspector', 'planner', 'inspector'],
      }),
    );
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      username: 'chi.nguyen',
      display_name: 'Nguyễn Thị Chi',
      roles: ['inspector', 'planner'],
      password_changed_at: START,
      disabled_at: null,
      created_at: START,
      updated_at: START,
      version: 1,
    });
    expect(answer.headers.get('location')).toBe(`/api/users/${answer.body.id}`);
    const stored = (await t.store.users.get(answer.body.id))!;
    expect(stored.password_hash).toMatch(/^scrypt\$/);
    expect(stored.password_hash).not.toContain(PASSWORD);

    const fetched = await call(admin, 'GET', answer.headers.get('location')!);
    expect(fetched.body).toEqual(answer.body);

    const signedIn = await login('chi.nguyen', PASSWORD);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.user.id).toBe(answer.body.id);
  });

  test.each([
    ['the same name', 'planner'],
    ['another case', 'PLANNER'],
    ['spaces around', '  Planner '],
  ])('refuses a taken username with 409 USERNAME_TAKEN (%s)', async (_, username) => {
    const answer = await create(newUser({ username }));
    expect(answer.status).toBe(409);
    expect(answer.body.error).toMatchObject({
      code: 'USERNAME_TAKEN',
      details: { username: 'planner' },
    });
    expect(await t.store.users.count()).toBe(6);
  });

  test.each([
    ['a one-letter username', { username: 'a' }],
    ['a username with diacritics', { username: 'chí' }],
    ['a username with a space', { username: 'chi nguyen' }],
    ['a username over 50 characters', { username: 'c'.repeat(51) }],
    ['a password under 10 characters', { password: '123456789' }],
    ['a password over 200 characters', { password: 'p'.repeat(201) }],
    ['an unknown role', { roles: ['superuser'] }],
    ['no role', { roles: [] }],
    ['roles that are not a list', { roles: 'admin' }],
    ['an empty display name', { display_name: '  ' }],
    ['an unknown key', { is_admin: true }],
    ['a password hash instead of a password', { password_hash: 'scrypt$1$1$1$a$b' }],
  ])('refuses %s with 422 and creates no one', async (_, extra) => {
    const answer = await create(newUser(extra));
    expect(answer.status).toBe(422);
    expect(answer.body.error.code).toBe('VALIDATION_FAILED');
    expect(answer.body.error.details.length).toBeGreaterThan(0);
    expect(await t.store.users.count()).toBe(6);
  });

  test('refuses a body with no username, naming the field', async () => {
    const { username: _, ...body } = newUser();
    const answer = await create(body);
    expect(answer.status).toBe(422);
    expect(answer.body.error.details.map((d: { path: string }) => d.path)).toContain('username');
  });
});

describe('GET /api/users', () => {
  test('lists every user by username, none with a password hash', async () => {
    const answer = await call(admin, 'GET', '/api/users');
    expect(answer.status).toBe(200);
    expect(answer.body.users.map((u: { username: string }) => u.username)).toEqual([
      'admin',
      'inspector',
      'lead',
      'office',
      'planner',
      'viewer',
    ]);
    expect(JSON.stringify(answer.body)).not.toMatch(/password_hash/);
    expect(answer.body.users.find((u: { username: string }) => u.username === 'office')).toEqual({
      id: t.users.office.id,
      username: 'office',
      display_name: 'Test office',
      roles: ['inspector', 'planner', 'lead'],
      password_changed_at: null,
      disabled_at: null,
      created_at: START,
      updated_at: START,
      version: 1,
    });
  });

  test('gets one user by id', async () => {
    const answer = await call(admin, 'GET', `/api/users/${t.users.lead.id}`);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ id: t.users.lead.id, username: 'lead', roles: ['lead'] });
    expect(answer.body).not.toHaveProperty('password_hash');
  });

  test('an unknown id is 404', async () => {
    const answer = await call(admin, 'GET', `/api/users/${crypto.randomUUID()}`);
    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe('NOT_FOUND');
  });
});

describe('PATCH /api/users/{id}', () => {
  test('changes roles and display name; the user’s permissions follow at once', async () => {
    const before = await me(bearer('viewer'));
    expect(before.body.permissions).not.toContain('violations:advance');
    t.clock.set(LATER);
    const answer = await patch(t.users.viewer.id, {
      version: 1,
      roles: ['planner', 'planner'],
      display_name: ' Lê Văn Dũng ',
      reason: 'chuyển sang tổ quy hoạch',
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      roles: ['planner'],
      display_name: 'Lê Văn Dũng',
      version: 2,
      updated_at: LATER,
      created_at: START,
    });
    expect((await me(bearer('viewer'))).body.permissions).toContain('violations:advance');
    expect((await call(admin, 'GET', `/api/users/${t.users.viewer.id}`)).body).toEqual(answer.body);
  });

  test('a stale version gets 409 CONFLICT and changes nothing', async () => {
    expect((await patch(t.users.viewer.id, { display_name: 'Đầu tiên' })).status).toBe(200);
    const stale = await patch(t.users.viewer.id, { version: 1, display_name: 'Muộn' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('CONFLICT');
    const now = (await call(admin, 'GET', `/api/users/${t.users.viewer.id}`)).body;
    expect(now).toMatchObject({ display_name: 'Đầu tiên', version: 2 });
  });

  test('an unknown id is 404', async () => {
    expect((await patch(crypto.randomUUID(), { display_name: 'Ai đó' })).status).toBe(404);
  });

  test.each([
    ['an unknown key', { display_name: 'x', admin: true }],
    ['a username (it never changes)', { username: 'someone' }],
    ['a password (reset has its own route)', { password: 'mật khẩu mới dài' }],
    ['no role', { roles: [] }],
    ['an unknown role', { roles: ['root'] }],
    ['disabled as a string', { disabled: 'yes' }],
    ['version 0', { version: 0, display_name: 'x' }],
  ])('refuses %s with 422', async (_, body) => {
    const answer = await patch(t.users.viewer.id, body);
    expect(answer.status).toBe(422);
    expect((await t.store.users.get(t.users.viewer.id))!.version).toBe(1);
  });

  test('disabling revokes the user’s tokens; enabling does not bring them back', async () => {
    t.clock.set(LATER);
    const off = await patch(t.users.viewer.id, { disabled: true, reason: 'nghỉ việc' });
    expect(off.status).toBe(200);
    expect(off.body.disabled_at).toBe(LATER);
    const refused = await me(bearer('viewer'));
    expect(refused.status).toBe(401);

    // Disabling again keeps the first date.
    t.clock.set('2026-03-11T04:00:00.000Z');
    expect((await patch(t.users.viewer.id, { disabled: true })).body.disabled_at).toBe(LATER);

    const on = await patch(t.users.viewer.id, { disabled: false });
    expect(on.status).toBe(200);
    expect(on.body.disabled_at).toBeNull();
    // Revoked when disabled, so still refused: the reason to disable may have been the token.
    expect((await me(bearer('viewer'))).status).toBe(401);

    const log = (await t.store.audit.list({ recordId: t.users.viewer.id, limit: 10, offset: 0 }))
      .items;
    expect(log.map((e) => [e.action, e.user, e.reason])).toEqual([
      ['enable', t.users.admin.id, null],
      ['disable', t.users.admin.id, null],
      ['disable', t.users.admin.id, 'nghỉ việc'],
      ['create', null, null],
    ]);
  });

  test('disabling ends the user’s sessions; they cannot sign in until enabled again', async () => {
    const { id } = (await create(newUser())).body;
    const cookie = cookieOf(await login('chi.nguyen', PASSWORD));
    expect((await me({ cookie })).body.user.id).toBe(id);

    expect((await patch(id, { disabled: true })).status).toBe(200);
    expect((await me({ cookie })).body.user).toBeNull();
    const session = cookie.slice('uim_session='.length);
    expect(await t.store.sessions.get(hashSecret(session))).toBeUndefined();
    expect((await login('chi.nguyen', PASSWORD)).status).toBe(401);

    expect((await patch(id, { disabled: false })).status).toBe(200);
    // The old session stays ended; a new sign-in works.
    expect((await me({ cookie })).body.user).toBeNull();
    expect((await login('chi.nguyen', PASSWORD)).status).toBe(200);
  });

  test('an admin cannot disable themselves: 403, nothing changes', async () => {
    const answer = await patch(t.users.admin.id, { disabled: true });
    expect(answer.status).toBe(403);
    expect(answer.body.error.code).toBe('FORBIDDEN');
    expect(await t.store.users.get(t.users.admin.id)).toMatchObject({
      disabled_at: null,
      version: 1,
    });
    expect((await me(bearer('admin'))).status).toBe(200);
  });

  test('an admin cannot drop their own admin role, but may add others to it', async () => {
    const dropped = await patch(t.users.admin.id, { roles: ['lead'] });
    expect(dropped.status).toBe(403);
    expect(dropped.body.error.code).toBe('FORBIDDEN');
    expect((await t.store.users.get(t.users.admin.id))!.roles).toEqual(['admin']);

    const added = await patch(t.users.admin.id, { roles: ['admin', 'lead'] });
    expect(added.status).toBe(200);
    expect(added.body.roles).toEqual(['admin', 'lead']);
  });

  test('another admin may disable an admin', async () => {
    expect((await patch(t.users.lead.id, { roles: ['lead', 'admin'] })).status).toBe(200);
    // The lead's read-write token does not grow with the role: managing users takes a token made
    // for it (scope admin).
    expect((await patch(t.users.admin.id, { disabled: true }, t.as('lead'))).status).toBe(403);
    const tokens = new TokenService({ store: t.store, clock: t.clock });
    const { token } = await tokens.create(t.users.lead.id, 'admin', { scope: 'admin' });
    const answer = await call(
      t.raw,
      'PATCH',
      `/api/users/${t.users.admin.id}`,
      { disabled: true },
      {
        authorization: `Bearer ${token}`,
      },
    );
    expect(answer.status).toBe(200);
    expect((await me(bearer('admin'))).status).toBe(401);
  });
});

describe('POST /api/users/{id}/password', () => {
  test('an admin sets a new password: the old one fails, the new one works, sessions end', async () => {
    const { id } = (await create(newUser())).body;
    const cookie = cookieOf(await login('chi.nguyen', PASSWORD));
    t.clock.set(LATER);
    const NEW = 'mật khẩu do quản trị đặt';
    const answer = await call(admin, 'POST', `/api/users/${id}/password`, {
      password: NEW,
      reason: 'quên mật khẩu',
    });
    expect(answer.status).toBe(204);
    expect((await me({ cookie, origin: ORIGIN })).body.user).toBeNull();
    expect((await login('chi.nguyen', PASSWORD)).status).toBe(401);
    expect((await login('chi.nguyen', NEW)).status).toBe(200);
    expect(await t.store.users.get(id)).toMatchObject({ password_changed_at: LATER, version: 2 });
  });

  test.each([
    ['a short password', { password: 'ngắn' }],
    ['no password', {}],
    ['an unknown key', { password: 'mật khẩu đủ dài', notify: true }],
  ])('refuses %s with 422', async (_, body) => {
    const answer = await call(admin, 'POST', `/api/users/${t.users.viewer.id}/password`, body);
    expect(answer.status).toBe(422);
    expect((await t.store.users.get(t.users.viewer.id))!.password_hash).toBeNull();
  });

  test('an unknown user is 404', async () => {
    const path = `/api/users/${crypto.randomUUID()}/password`;
    const answer = await call(admin, 'POST', path, { password: 'mật khẩu đủ dài' });
    expect(answer.status).toBe(404);
  });
});

describe('GET /api/users/{id}/tokens', () => {
  test('lists that user’s tokens, revoked ones too, and never a secret', async () => {
    const made = await call(t.as('planner'), 'POST', '/api/auth/tokens', { name: 'QGIS' });
    const revoke = `/api/auth/tokens/${made.body.id}/revoke`;
    expect((await call(t.as('planner'), 'POST', revoke, {})).status).toBe(200);
    const answer = await call(admin, 'GET', `/api/users/${t.users.planner.id}/tokens`);
    expect(answer.status).toBe(200);
    expect(answer.body.tokens).toHaveLength(2);
    expect(answer.body.tokens.map((k: { name: string }) => k.name).sort()).toEqual([
      'QGIS',
      'tests',
    ]);
    expect(answer.body.tokens.find((k: { id: string }) => k.id === made.body.id)).toMatchObject({
      user_id: t.users.planner.id,
      revoked_at: START,
    });
    const text = JSON.stringify(answer.body);
    expect(text).not.toContain(made.body.token);
    expect(text).not.toContain(t.users.planner.token);
    expect(text).not.toMatch(/token_hash/);
  });

  test('an unknown user is 404', async () => {
    const answer = await call(admin, 'GET', `/api/users/${crypto.randomUUID()}/tokens`);
    expect(answer.status).toBe(404);
  });
});

describe('only admins manage users', () => {
  const routes = (id: string): [string, string, unknown?][] => [
    ['GET', '/api/users'],
    ['POST', '/api/users', newUser()],
    ['GET', `/api/users/${id}`],
    ['PATCH', `/api/users/${id}`, { roles: ['admin'] }],
    ['POST', `/api/users/${id}/password`, { password: 'mật khẩu chiếm quyền' }],
    ['GET', `/api/users/${id}/tokens`],
  ];

  test.each(['viewer', 'inspector', 'planner', 'lead', 'office'] as const)(
    '%s gets 403 on every route and changes nothing',
    async (who) => {
      for (const [method, path, body] of routes(t.users[who].id)) {
        const answer = await call(t.as(who), method, path, body);
        expect(answer.status, `${method} ${path}`).toBe(403);
        expect(answer.body.error.code).toBe('FORBIDDEN');
      }
      expect(await t.store.users.count()).toBe(6);
      expect(await t.store.users.get(t.users[who].id)).toMatchObject({
        version: 1,
        password_hash: null,
      });
    },
  );

  test('anonymous gets 401 on every route', async () => {
    for (const [method, path, body] of routes(t.users.viewer.id)) {
      const answer = await call(t.as('anonymous'), method, path, body);
      expect(answer.status, `${method} ${path}`).toBe(401);
      expect(answer.body.error.code).toBe('UNAUTHENTICATED');
    }
  });
});
