/**
 * API tokens end with what should end them (a password change, an admin's reset, disabling), do
 * only what their scope allows (read, read-write, admin), stop after their last day, and say
 * when they were last used. A password costs a slow scrypt hash, so only the tests about
 * passwords make users with one.
 */
import { beforeEach, describe, expect, test, vi } from 'vitest';
import type { Role } from '../../../server/domain/access/permissions.ts';
import type { TokenScope } from '../../../server/domain/access/token-scope.ts';
import type { PublicUser } from '../../../server/domain/access/user.ts';
import { TokenService } from '../../../server/services/tokens.ts';
import { UserService } from '../../../server/services/users.ts';
import { call, reportBody, START, testApp, type Answer, type TestUser } from '../helpers.ts';

// Each password hashed or checked is a quarter second of scrypt, longer on a busy machine.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

type Setup = Awaited<ReturnType<typeof testApp>>;

const PASSWORD = 'Mật khẩu của Anh 2026';
const NEW_PASSWORD = 'một mật khẩu mới hơn';
const MINUTE = 60_000;
const after = (ms: number) => new Date(Date.parse(START) + ms).toISOString();

let t: Setup;
beforeEach(async () => {
  t = await testApp();
});

const bearer = (token: string, lang?: string) => ({
  authorization: `Bearer ${token}`,
  ...(lang && { 'accept-language': lang }),
});
const tokenOf = (who: TestUser) => t.users[who].token;
const me = (token: string, lang?: string) =>
  call(t.raw, 'GET', '/api/auth/me', undefined, bearer(token, lang));

/** A token made through the API by the holder of `by` (a token), as a script or the page would. */
function createToken(by: string, body: Record<string, unknown>): Promise<Answer> {
  return call(t.raw, 'POST', '/api/auth/tokens', { name: 'QGIS', ...body }, bearer(by));
}

/** A user with a password (one slow hash) and a token of the given scope. */
async function userWithToken(
  scope: TokenScope = 'read',
  roles: Role[] = ['inspector'],
): Promise<{ user: PublicUser; token: string; tokenId: string }> {
  const deps = { store: t.store, clock: t.clock };
  const user = await new UserService(deps).create(
    { username: 'anh', display_name: 'Nguyễn Thị Anh', roles, password: PASSWORD },
    null,
  );
  const { token, record } = await new TokenService(deps).create(user.id, 'QGIS', { scope });
  return { user, token, tokenId: record.id };
}

/** The token layer's versions of one token, newest first. */
async function tokenLog(id: string) {
  return (await t.store.audit.list({ layer: 'tokens', recordId: id, limit: 10, offset: 0 })).items;
}

describe('what ends a token', () => {
  test('changing one’s own password revokes one’s tokens, in the audit as the user’s own doing', async () => {
    const { user, token, tokenId } = await userWithToken('read-write');
    const other = (await createToken(token, { name: 'GDAL' })).body;
    expect((await me(token)).status).toBe(200);
    t.clock.set(after(MINUTE));
    const changed = await call(
      t.raw,
      'POST',
      '/api/auth/password',
      { current_password: PASSWORD, new_password: NEW_PASSWORD },
      bearer(token),
    );
    expect(changed.status).toBe(204);
    expect((await me(token)).status).toBe(401);
    expect((await me(other.token)).status).toBe(401);
    // Other users' tokens go on working.
    expect((await me(tokenOf('planner'))).status).toBe(200);
    expect((await tokenLog(tokenId))[0]).toMatchObject({
      action: 'revoke:password-change',
      user: user.id,
      at: after(MINUTE),
      after: { revoked_at: after(MINUTE) },
    });
  });

  test('an admin’s reset revokes the user’s tokens, with who and the reason in the audit', async () => {
    const { user, token, tokenId } = await userWithToken('read');
    t.clock.set(after(MINUTE));
    const reset = await call(
      t.raw,
      'POST',
      `/api/users/${user.id}/password`,
      { password: NEW_PASSWORD, reason: 'compromised' },
      bearer(tokenOf('admin')),
    );
    expect(reset.status).toBe(204);
    expect((await me(token)).status).toBe(401);
    expect((await tokenLog(tokenId))[0]).toMatchObject({
      action: 'revoke:password-reset',
      user: t.users.admin.id,
      reason: 'compromised',
    });
    // The audit page's "revoke" filter finds it with the ones revoked by hand.
    const revokes = await call(t.raw, 'GET', '/api/audit?layer=tokens&action=revoke', undefined, {
      ...bearer(tokenOf('admin')),
    });
    expect(revokes.body.entries.map((e: { record_id: string }) => e.record_id)).toContain(tokenId);
  });

  test('disable then enable: the token stays dead', async () => {
    const viewer = t.users.viewer;
    const admin = bearer(tokenOf('admin'));
    const patch = (body: unknown) => call(t.raw, 'PATCH', `/api/users/${viewer.id}`, body, admin);
    expect((await patch({ disabled: true, reason: 'nghỉ phép dài' })).status).toBe(200);
    expect((await patch({ disabled: false })).status).toBe(200);
    expect((await me(viewer.token)).status).toBe(401);
    const [token] = await t.store.tokens.listForUser(viewer.id);
    expect(token!.revoked_at).not.toBeNull();
    expect((await tokenLog(token!.id))[0]).toMatchObject({
      action: 'revoke:disable',
      user: t.users.admin.id,
      reason: 'nghỉ phép dài',
    });
  });
});

describe('scopes', () => {
  test('a new token is read-only unless asked otherwise', async () => {
    const made = await createToken(tokenOf('inspector'), {});
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ scope: 'read', expires_on: null });
  });

  test('a read token reads, and any write is refused 403 with a message in both languages', async () => {
    const { token } = (await createToken(tokenOf('inspector'), { scope: 'read' })).body;
    expect((await call(t.raw, 'GET', '/api/violations', undefined, bearer(token))).status).toBe(
      200,
    );
    const write = await call(t.raw, 'POST', '/api/violations', reportBody(), bearer(token));
    expect(write.status).toBe(403);
    expect(write.body.error).toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringContaining('chỉ được đọc'),
      details: { scope: 'read', method: 'POST' },
    });
    const english = await call(t.raw, 'POST', '/api/violations', reportBody(), bearer(token, 'en'));
    expect(english.body.error.message).toMatch(/read-only/);
    // Nor can it make itself a stronger token.
    expect((await createToken(token, { scope: 'read-write' })).status).toBe(403);
    const list = await call(t.raw, 'GET', '/api/violations', undefined, bearer(token));
    expect(list.body.features).toEqual([]);
  });

  test('its permissions say so: a read token of an admin holds no admin verb', async () => {
    const { token } = (await createToken(tokenOf('admin'), { scope: 'read' })).body;
    const who = await me(token);
    expect(who.body.permissions).not.toContain('users:manage');
    expect((await call(t.raw, 'GET', '/api/users', undefined, bearer(token))).status).toBe(403);
  });

  test('a read-write token of an admin cannot create a user; an admin-scoped one can', async () => {
    const { token: readWrite } = (await createToken(tokenOf('admin'), { scope: 'read-write' }))
      .body;
    const newUser = {
      username: 'qgis.read.only',
      display_name: 'Người tạo bằng khóa',
      roles: ['admin'],
      password: 'mật khẩu dài đủ mười',
    };
    const refused = await call(t.raw, 'POST', '/api/users', newUser, bearer(readWrite));
    expect(refused.status).toBe(403);
    expect(refused.body.error.details).toEqual({ permission: 'users:manage' });
    expect(await t.store.users.byUsername('qgis.read.only')).toBeUndefined();
    // Nor can it revoke another user's token, which needs user administration too.
    const planners = await t.store.tokens.listForUser(t.users.planner.id);
    const revoke = `/api/auth/tokens/${planners[0]!.id}/revoke`;
    expect((await call(t.raw, 'POST', revoke, {}, bearer(readWrite))).status).toBe(404);

    const { token: admin } = (await createToken(tokenOf('admin'), { scope: 'admin' })).body;
    const made = await call(t.raw, 'POST', '/api/users', newUser, bearer(admin));
    expect(made.status).toBe(201);
    expect((await call(t.raw, 'POST', revoke, {}, bearer(admin))).status).toBe(200);
  });

  test('only an admin, with user administration in hand, makes an admin-scoped token', async () => {
    const byPlanner = await createToken(tokenOf('planner'), { scope: 'admin' });
    expect(byPlanner.status).toBe(403);
    expect(byPlanner.body.error.details).toEqual({ scope: 'admin' });
    // An admin's read-write token cannot mint an admin one: no token makes a stronger token.
    const { token: readWrite } = (await createToken(tokenOf('admin'), { scope: 'read-write' }))
      .body;
    expect((await createToken(readWrite, { scope: 'admin' })).status).toBe(403);
    expect(
      (await t.store.tokens.listForUser(t.users.planner.id)).map((k) => k.scope),
    ).not.toContain('admin');
  });

  test.each([
    ['an unknown scope', { scope: 'write' }],
    ['an expiry that is not a date', { expires_on: '31/12/2026' }],
    ['an expiry on a day that does not exist', { expires_on: '2026-02-30' }],
  ])('refuses %s with 422', async (_, body) => {
    expect((await createToken(tokenOf('viewer'), body)).status).toBe(422);
  });
});

describe('expiry', () => {
  test('a token works through its last day, office time, then is refused 401 saying it expired', async () => {
    // START is 10:00 on 10 March 2026 in Việt Nam.
    const made = await createToken(tokenOf('viewer'), { expires_on: '2026-03-10' });
    expect(made.status).toBe(201);
    expect(made.body.expires_on).toBe('2026-03-10');
    expect((await me(made.body.token)).status).toBe(200);
    t.clock.set('2026-03-10T16:59:59.999Z');
    expect((await me(made.body.token)).status).toBe(200);

    t.clock.set('2026-03-10T17:00:00.000Z');
    const refused = await me(made.body.token);
    expect(refused.status).toBe(401);
    expect(refused.body.error).toMatchObject({
      code: 'UNAUTHENTICATED',
      message: expect.stringContaining('đã hết hạn'),
      details: { expired: true, expires_on: '2026-03-10' },
    });
    expect(refused.body.error.message).toContain('10/03/2026');
    expect((await me(made.body.token, 'en')).body.error.message).toMatch(/has expired/);
  });

  test('an expiry already past is refused 422, naming the field', async () => {
    const answer = await createToken(tokenOf('viewer'), { expires_on: '2026-03-09' });
    expect(answer.status).toBe(422);
    expect(answer.body.error.details).toEqual([{ path: 'expires_on', message: 'past' }]);
  });
});

describe('last use', () => {
  test('is recorded when the token is used and shown in the list', async () => {
    const { id, token } = (await createToken(tokenOf('planner'), { scope: 'read' })).body;
    const listed = async () =>
      (await call(t.raw, 'GET', '/api/auth/tokens', undefined, bearer(tokenOf('planner')))).body
        .tokens as { id: string; last_used_at: string | null; scope: string }[];
    expect((await listed()).find((k) => k.id === id)).toMatchObject({
      last_used_at: null,
      scope: 'read',
    });
    t.clock.set(after(5 * MINUTE));
    await call(t.raw, 'GET', '/api/violations', undefined, bearer(token));
    expect((await listed()).find((k) => k.id === id)!.last_used_at).toBe(after(5 * MINUTE));
  });
});

describe('the current password is rate-limited like sign-in', () => {
  const WRONG = 'không phải mật khẩu';
  /** A password change sent with the user's token; the statuses of `n` sent at once. */
  const change = (token: string, current: string) =>
    call(
      t.raw,
      'POST',
      '/api/auth/password',
      { current_password: current, new_password: NEW_PASSWORD },
      bearer(token),
    );
  const guesses = async (token: string, n: number) =>
    (await Promise.all(Array.from({ length: n }, () => change(token, WRONG)))).map((a) => a.status);

  test('after 5 wrong guesses: 429 with Retry-After, even with the right one, until the window ends', async () => {
    const { token } = await userWithToken('read-write');
    for (let i = 0; i < 5; i++) expect((await change(token, WRONG)).status).toBe(422);
    const refused = await change(token, PASSWORD);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('900');
    expect(refused.body.error).toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      message: 'Nhập sai mật khẩu hiện tại quá nhiều lần. Thử lại sau 15 phút.',
      details: { retry_after_seconds: 900 },
    });
    t.clock.set(after(15 * MINUTE));
    expect((await change(token, PASSWORD)).status).toBe(204);
  });

  test('40 guesses sent at once: 5 are checked, 35 get 429', async () => {
    const { token } = await userWithToken('read-write');
    const statuses = await guesses(token, 40);
    expect(statuses.filter((s) => s === 422)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(35);
  });

  test('guesses at sign-in and at the password change count together', async () => {
    const { token } = await userWithToken('read-write');
    const signIn = (password: string) =>
      call(t.raw, 'POST', '/api/auth/login', { username: 'anh', password });
    for (let i = 0; i < 3; i++) expect((await signIn(WRONG)).status).toBe(401);
    expect(await guesses(token, 2)).toEqual([422, 422]);
    expect((await change(token, PASSWORD)).status).toBe(429);
    expect((await signIn(PASSWORD)).status).toBe(429);
  });
});
