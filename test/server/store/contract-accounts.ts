/**
 * The store contract for accounts: users, sessions, API tokens and the audit log that reads every
 * layer's versions. Like contract.ts it speaks only of the Store interface; a store's test file
 * runs it with a factory, e.g. `describeAccountStoreContract('SQLite', () => createSqliteStore(':memory:'))`.
 */
import { beforeEach, describe, expect, test } from 'vitest';
import type { ApiToken, User } from '../../../server/domain/access/user.ts';
import type { AuditFilter, Session, Store } from '../../../server/store/store.ts';
import { makeViolation } from '../helpers.ts';

const T0 = '2026-03-10T03:00:00.000Z';
const T1 = '2026-03-11T03:00:00.000Z';
const T2 = '2026-03-12T03:00:00.000Z';
const ALL: AuditFilter = { limit: 100, offset: 0 };
/** A stored hash's shape; the store keeps it as it is given. */
const HASH = 'scrypt$32768$8$3$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U';

export function makeUser(extra: Partial<User> = {}): User {
  return {
    id: crypto.randomUUID(),
    username: 'chi.nguyen',
    display_name: 'Nguyễn Thị Chi',
    roles: ['inspector'],
    password_hash: HASH,
    password_changed_at: T0,
    disabled_at: null,
    created_at: T0,
    updated_at: T0,
    version: 1,
    ...extra,
  };
}

/** The same user, changed: next version, later. */
function changed(user: User, extra: Partial<User>): User {
  return { ...user, ...extra, version: user.version + 1, updated_at: T1 };
}

export function makeToken(userId: string, extra: Partial<ApiToken> = {}): ApiToken {
  return {
    id: crypto.randomUUID(),
    user_id: userId,
    name: 'QGIS',
    scope: 'read',
    expires_on: null,
    created_at: T0,
    last_used_at: null,
    revoked_at: null,
    ...extra,
  };
}

export function makeSession(userId: string, extra: Partial<Session> = {}): Session {
  return {
    token_hash: crypto.randomUUID().replaceAll('-', '').repeat(2),
    user_id: userId,
    created_at: T0,
    expires_at: '2026-04-09T03:00:00.000Z',
    last_seen_at: T0,
    ...extra,
  };
}

/** Registers the tests under `${name} account store contract`; each gets a fresh, empty store. */
export function describeAccountStoreContract(
  name: string,
  makeStore: () => Store | Promise<Store>,
): void {
  describe(`${name} account store contract`, () => {
    let store: Store;
    beforeEach(async () => {
      const opened = await makeStore();
      store = opened;
      return async () => {
        await opened.close();
      };
    });

    const log = (filter: Partial<AuditFilter> = {}) => store.audit.list({ ...ALL, ...filter });

    describe('users', () => {
      test('a new store has none', async () => {
        expect(await store.users.count()).toBe(0);
        expect(await store.users.list()).toEqual([]);
        expect(await store.users.get(crypto.randomUUID())).toBeUndefined();
        expect(await store.users.byUsername('admin')).toBeUndefined();
      });

      test('stores a user and gives it back as it was, hash included', async () => {
        const user = makeUser({ roles: ['planner', 'lead'], disabled_at: T1 });
        expect(await store.users.insert(user, { user: null, at: T0 })).toBe(true);
        expect(await store.users.get(user.id)).toEqual(user);
        expect(await store.users.count()).toBe(1);
      });

      test('keeps a user without a password (tokens only)', async () => {
        const user = makeUser({ password_hash: null, password_changed_at: null });
        await store.users.insert(user, { user: null, at: T0 });
        expect(await store.users.get(user.id)).toEqual(user);
      });

      test('finds a user by username in any case', async () => {
        const user = makeUser();
        await store.users.insert(user, { user: null, at: T0 });
        expect(await store.users.byUsername('chi.nguyen')).toEqual(user);
        expect(await store.users.byUsername('CHI.Nguyen')).toEqual(user);
        expect(await store.users.byUsername('chi')).toBeUndefined();
        expect(await store.users.byUsername('chi.nguye%')).toBeUndefined();
      });

      test('refuses an existing id, or a taken username in another case, and writes nothing', async () => {
        const user = makeUser();
        await store.users.insert(user, { user: null, at: T0 });
        const sameId = makeUser({ id: user.id, username: 'someone.else' });
        const sameName = makeUser({ username: 'Chi.Nguyen' });
        expect(await store.users.insert(sameId, { user: null, at: T1 })).toBe(false);
        expect(await store.users.insert(sameName, { user: null, at: T1 })).toBe(false);
        expect(await store.users.count()).toBe(1);
        expect(await store.users.get(user.id)).toEqual(user);
        expect(await store.users.get(sameName.id)).toBeUndefined();
        expect((await log({ layer: 'users' })).total).toBe(1);
      });

      test('lists users by username', async () => {
        for (const username of ['lan', 'anh', 'minh', 'binh']) {
          await store.users.insert(makeUser({ username }), { user: null, at: T0 });
        }
        expect((await store.users.list()).map((u) => u.username)).toEqual([
          'anh',
          'binh',
          'lan',
          'minh',
        ]);
        expect(await store.users.count()).toBe(4);
      });

      test('updates a user at the expected version', async () => {
        const user = makeUser();
        await store.users.insert(user, { user: null, at: T0 });
        const next = changed(user, { roles: ['planner'], display_name: 'Chị Chi' });
        expect(await store.users.update(next, 1, 'update', { user: 'admin-1', at: T1 })).toBe(true);
        expect(await store.users.get(user.id)).toEqual(next);
      });

      test('refuses a stale version or an unknown user and writes nothing', async () => {
        const user = makeUser();
        await store.users.insert(user, { user: null, at: T0 });
        const first = changed(user, { display_name: 'first' });
        await store.users.update(first, 1, 'update', { user: 'admin-1', at: T1 });
        const late = changed(user, { display_name: 'late' });
        expect(await store.users.update(late, 1, 'update', { user: 'admin-2', at: T1 })).toBe(
          false,
        );
        expect(await store.users.get(user.id)).toEqual(first);
        const stranger = makeUser({ username: 'stranger' });
        expect(
          await store.users.update(changed(stranger, {}), 1, 'update', { user: null, at: T1 }),
        ).toBe(false);
        expect(await store.users.get(stranger.id)).toBeUndefined();
        expect((await log({ layer: 'users' })).items.map((e) => e.action)).toEqual([
          'update',
          'create',
        ]);
      });

      test('writes a version for each change, with who, when, why, and never the hash', async () => {
        const user = makeUser();
        await store.users.insert(user, { user: 'admin-1', at: T0, reason: 'nhân viên mới' });
        const reset = changed(user, {
          password_hash: HASH.replace('a2V5', 'bmV3'),
          password_changed_at: T1,
        });
        await store.users.update(reset, 1, 'password:reset', {
          user: 'admin-1',
          at: T1,
          reason: 'quên mật khẩu',
        });
        const { password_hash: _a, ...publicBefore } = user;
        const { password_hash: _b, ...publicAfter } = reset;
        expect(await log({ recordId: user.id })).toEqual({
          total: 2,
          items: [
            {
              seq: expect.any(Number),
              layer: 'users',
              record_id: user.id,
              version: 2,
              action: 'password:reset',
              at: T1,
              user: 'admin-1',
              reason: 'quên mật khẩu',
              before: publicBefore,
              after: publicAfter,
            },
            {
              seq: expect.any(Number),
              layer: 'users',
              record_id: user.id,
              version: 1,
              action: 'create',
              at: T0,
              user: 'admin-1',
              reason: 'nhân viên mới',
              before: null,
              after: publicBefore,
            },
          ],
        });
        expect(JSON.stringify(await log())).not.toContain('scrypt');
      });
    });

    describe('sessions', () => {
      let anh: User;
      let binh: User;
      beforeEach(async () => {
        anh = makeUser({ username: 'anh' });
        binh = makeUser({ username: 'binh' });
        await store.users.insert(anh, { user: null, at: T0 });
        await store.users.insert(binh, { user: null, at: T0 });
      });

      test('stores a session by its hash and gives it back', async () => {
        const session = makeSession(anh.id);
        await store.sessions.insert(session);
        expect(await store.sessions.get(session.token_hash)).toEqual(session);
        expect(await store.sessions.get('0'.repeat(64))).toBeUndefined();
      });

      test('touch slides its expiry and records the use', async () => {
        const session = makeSession(anh.id);
        await store.sessions.insert(session);
        await store.sessions.touch(session.token_hash, T1, '2026-04-10T03:00:00.000Z');
        expect(await store.sessions.get(session.token_hash)).toEqual({
          ...session,
          last_seen_at: T1,
          expires_at: '2026-04-10T03:00:00.000Z',
        });
      });

      test('delete ends one session', async () => {
        const [a, b] = [makeSession(anh.id), makeSession(anh.id)];
        await store.sessions.insert(a);
        await store.sessions.insert(b);
        await store.sessions.delete(a.token_hash);
        expect(await store.sessions.get(a.token_hash)).toBeUndefined();
        expect(await store.sessions.get(b.token_hash)).toEqual(b);
        await expect(store.sessions.delete(a.token_hash)).resolves.toBeUndefined();
      });

      test('deleteForUser ends all of one user’s sessions and no one else’s', async () => {
        const mine = [makeSession(anh.id), makeSession(anh.id)];
        const theirs = makeSession(binh.id);
        for (const s of [...mine, theirs]) await store.sessions.insert(s);
        await store.sessions.deleteForUser(anh.id);
        for (const s of mine) expect(await store.sessions.get(s.token_hash)).toBeUndefined();
        expect(await store.sessions.get(theirs.token_hash)).toEqual(theirs);
      });

      test('deleteExpired removes sessions expired at the instant, counts them, keeps the rest', async () => {
        const old = makeSession(anh.id, { expires_at: T0 });
        const atNow = makeSession(binh.id, { expires_at: T1 });
        const live = makeSession(anh.id, { expires_at: T2 });
        for (const s of [old, atNow, live]) await store.sessions.insert(s);
        expect(await store.sessions.deleteExpired(T1)).toBe(2);
        expect(await store.sessions.get(old.token_hash)).toBeUndefined();
        expect(await store.sessions.get(atNow.token_hash)).toBeUndefined();
        expect(await store.sessions.get(live.token_hash)).toEqual(live);
        expect(await store.sessions.deleteExpired(T1)).toBe(0);
      });

      test('sessions are not changes: they write nothing to the audit log', async () => {
        const session = makeSession(anh.id);
        await store.sessions.insert(session);
        await store.sessions.touch(session.token_hash, T1, T2);
        await store.sessions.delete(session.token_hash);
        expect((await log()).items.map((e) => e.layer)).toEqual(['users', 'users']);
      });
    });

    describe('tokens', () => {
      let anh: User;
      let binh: User;
      beforeEach(async () => {
        anh = makeUser({ username: 'anh' });
        binh = makeUser({ username: 'binh' });
        await store.users.insert(anh, { user: null, at: T0 });
        await store.users.insert(binh, { user: null, at: T0 });
      });

      test('stores a token by id and finds a live one by its hash', async () => {
        const token = makeToken(anh.id);
        await store.tokens.insert(token, 'a'.repeat(64), { user: anh.id, at: T0 });
        expect(await store.tokens.get(token.id)).toEqual(token);
        expect(await store.tokens.byHash('a'.repeat(64))).toEqual(token);
        expect(await store.tokens.byHash('b'.repeat(64))).toBeUndefined();
        expect(JSON.stringify(await store.tokens.get(token.id))).not.toContain('a'.repeat(64));
      });

      test('keeps each token’s scope and last day as they were given', async () => {
        const admin = makeToken(anh.id, { scope: 'admin', expires_on: '2026-12-31' });
        const writer = makeToken(anh.id, { scope: 'read-write', created_at: T1 });
        await store.tokens.insert(admin, 'a'.repeat(64), { user: anh.id, at: T0 });
        await store.tokens.insert(writer, 'b'.repeat(64), { user: anh.id, at: T1 });
        expect(await store.tokens.get(admin.id)).toMatchObject({
          scope: 'admin',
          expires_on: '2026-12-31',
        });
        expect(await store.tokens.byHash('b'.repeat(64))).toMatchObject({
          scope: 'read-write',
          expires_on: null,
        });
        expect(
          (await store.tokens.listForUser(anh.id)).map((k) => [k.scope, k.expires_on]),
        ).toEqual([
          ['read-write', null],
          ['admin', '2026-12-31'],
        ]);
      });

      test('refuses a scope that is not one of read, read-write, admin', async () => {
        const odd = makeToken(anh.id, { scope: 'everything' as 'admin' });
        await expect(
          Promise.resolve().then(() =>
            store.tokens.insert(odd, 'a'.repeat(64), { user: anh.id, at: T0 }),
          ),
        ).rejects.toThrow();
        expect(await store.tokens.get(odd.id)).toBeUndefined();
      });

      test('revokeForUser revokes every live token of one user, each with a version saying why', async () => {
        const first = makeToken(anh.id, { name: 'QGIS' });
        const second = makeToken(anh.id, { name: 'GDAL', scope: 'read-write' });
        const gone = makeToken(anh.id, { name: 'old' });
        const theirs = makeToken(binh.id, { name: 'theirs' });
        await store.tokens.insert(first, '1'.repeat(64), { user: anh.id, at: T0 });
        await store.tokens.insert(second, '2'.repeat(64), { user: anh.id, at: T0 });
        await store.tokens.insert(gone, '3'.repeat(64), { user: anh.id, at: T0 });
        await store.tokens.insert(theirs, '4'.repeat(64), { user: binh.id, at: T0 });
        await store.tokens.revoke(gone.id, { user: anh.id, at: T1 });

        const audit = { user: 'admin-1', at: T2, reason: 'compromised' };
        expect(await store.tokens.revokeForUser(anh.id, 'revoke:password-reset', audit)).toBe(2);
        expect(await store.tokens.byHash('1'.repeat(64))).toBeUndefined();
        expect(await store.tokens.byHash('2'.repeat(64))).toBeUndefined();
        expect(await store.tokens.byHash('4'.repeat(64))).toEqual(theirs);
        // One revoked before keeps its own time: the second revocation does not touch it.
        expect((await store.tokens.get(gone.id))!.revoked_at).toBe(T1);
        expect((await store.tokens.get(second.id))!.revoked_at).toBe(T2);

        const entries = (await log({ layer: 'tokens', action: 'revoke' })).items;
        const mass = entries.filter((e) => e.action === 'revoke:password-reset');
        expect(mass.map((e) => e.record_id).sort()).toEqual([first.id, second.id].sort());
        for (const e of mass) {
          expect(e).toMatchObject({ user: 'admin-1', at: T2, reason: 'compromised', version: 2 });
          expect(e.before).toMatchObject({ revoked_at: null });
          expect(e.after).toMatchObject({ revoked_at: T2 });
        }
        expect(JSON.stringify(entries)).not.toContain('1'.repeat(64));
        // Nothing left to revoke: nothing written.
        expect(await store.tokens.revokeForUser(anh.id, 'revoke:disable', audit)).toBe(0);
        expect((await log({ layer: 'tokens' })).total).toBe(7);
      });

      test('lists one user’s tokens, newest first, revoked ones too', async () => {
        const older = makeToken(anh.id, { name: 'old', created_at: T0 });
        const newer = makeToken(anh.id, { name: 'new', created_at: T1 });
        const theirs = makeToken(binh.id, { name: 'theirs', created_at: T2 });
        await store.tokens.insert(older, '1'.repeat(64), { user: anh.id, at: T0 });
        await store.tokens.insert(newer, '2'.repeat(64), { user: anh.id, at: T1 });
        await store.tokens.insert(theirs, '3'.repeat(64), { user: binh.id, at: T2 });
        await store.tokens.revoke(older.id, { user: anh.id, at: T2 });
        expect((await store.tokens.listForUser(anh.id)).map((k) => [k.name, k.revoked_at])).toEqual(
          [
            ['new', null],
            ['old', T2],
          ],
        );
        expect(await store.tokens.listForUser(crypto.randomUUID())).toEqual([]);
      });

      test('revoke stops a token and answers false when it is unknown or revoked already', async () => {
        const token = makeToken(anh.id);
        await store.tokens.insert(token, 'a'.repeat(64), { user: anh.id, at: T0 });
        expect(await store.tokens.revoke(token.id, { user: 'admin-1', at: T1 })).toBe(true);
        expect(await store.tokens.byHash('a'.repeat(64))).toBeUndefined();
        expect(await store.tokens.get(token.id)).toEqual({ ...token, revoked_at: T1 });
        expect(await store.tokens.revoke(token.id, { user: 'admin-1', at: T2 })).toBe(false);
        expect((await store.tokens.get(token.id))!.revoked_at).toBe(T1);
        expect(await store.tokens.revoke(crypto.randomUUID(), { user: 'admin-1', at: T2 })).toBe(
          false,
        );
      });

      test('touch records the last use', async () => {
        const token = makeToken(anh.id);
        await store.tokens.insert(token, 'a'.repeat(64), { user: anh.id, at: T0 });
        await store.tokens.touch(token.id, T1);
        expect((await store.tokens.get(token.id))!.last_used_at).toBe(T1);
        expect((await store.tokens.byHash('a'.repeat(64)))!.last_used_at).toBe(T1);
      });

      test('creation and revocation are in the audit log, never the hash; use is not', async () => {
        const token = makeToken(anh.id);
        await store.tokens.insert(token, 'f'.repeat(64), { user: anh.id, at: T0 });
        await store.tokens.touch(token.id, T1);
        await store.tokens.revoke(token.id, { user: 'admin-1', at: T2, reason: 'máy bị mất' });
        await store.tokens.revoke(token.id, { user: 'admin-1', at: T2 });
        const entries = (await log({ layer: 'tokens' })).items;
        expect(entries.map((e) => [e.action, e.user, e.at, e.reason, e.version])).toEqual([
          ['revoke', 'admin-1', T2, 'máy bị mất', 2],
          ['create', anh.id, T0, null, 1],
        ]);
        expect(entries[1]).toMatchObject({ record_id: token.id, before: null, after: token });
        expect(entries[0]!.before).toEqual({ ...token, last_used_at: T1 });
        expect(entries[0]!.after).toEqual({ ...token, last_used_at: T1, revoked_at: T2 });
        expect(JSON.stringify(entries)).not.toContain('f'.repeat(64));
      });
    });

    describe('audit log', () => {
      let user: User;
      let violationId: string;
      /** Users, a token and violation steps, made at T0, T1 and T2 by two people. */
      beforeEach(async () => {
        user = makeUser();
        await store.users.insert(user, { user: 'admin-1', at: T0 });
        const v = makeViolation();
        violationId = v.id;
        await store.violations.insert(v, 'create', { user: 'inspector-1', at: T0 });
        const step = async (version: number, action: string, at: string) => {
          const current = (await store.violations.get(v.id))!;
          const next = { ...current, properties: { ...current.properties, version } };
          await store.violations.update(next, version - 1, action, { user: 'planner-1', at });
        };
        await step(2, 'step:verified', T1);
        await step(3, 'step_x', T1);
        await step(4, 'steps', T1);
        await store.users.update(changed(user, { display_name: 'Chị Chi' }), 1, 'update', {
          user: 'admin-1',
          at: T2,
        });
        await store.tokens.insert(makeToken(user.id), 'e'.repeat(64), { user: user.id, at: T2 });
      });

      const actions = async (filter: Partial<AuditFilter>) =>
        (await log(filter)).items.map((e) => e.action);

      test('answers every layer, newest first; at one instant, the last written first', async () => {
        const page = await log();
        expect(page.total).toBe(7);
        expect(page.items.map((e) => `${e.layer} ${e.action}`)).toEqual([
          'tokens create',
          'users update',
          'violations steps',
          'violations step_x',
          'violations step:verified',
          'violations create',
          'users create',
        ]);
      });

      test('filters by layer, record and user', async () => {
        expect(await actions({ layer: 'users' })).toEqual(['update', 'create']);
        expect(await actions({ layer: 'projects' })).toEqual([]);
        expect(await actions({ recordId: violationId })).toHaveLength(4);
        expect(await actions({ user: 'admin-1' })).toEqual(['update', 'create']);
        expect(await actions({ user: 'planner-1', layer: 'users' })).toEqual([]);
      });

      test('an action matches itself and, before a colon, its family; LIKE wildcards are letters', async () => {
        expect(await actions({ action: 'step' })).toEqual(['step:verified']);
        expect(await actions({ action: 'step:verified' })).toEqual(['step:verified']);
        expect(await actions({ action: 'steps' })).toEqual(['steps']);
        expect(await actions({ action: 'ste' })).toEqual([]);
        expect(await actions({ action: 'step_' })).toEqual([]);
        expect(await actions({ action: 'step_x' })).toEqual(['step_x']);
        expect(await actions({ action: 'st%' })).toEqual([]);
        expect(await actions({ action: '%' })).toEqual([]);
      });

      test('since is inclusive and until exclusive', async () => {
        expect((await log({ since: T1 })).total).toBe(5);
        expect((await log({ until: T1 })).total).toBe(2);
        expect((await log({ since: T1, until: T2 })).items.map((e) => e.action)).toEqual([
          'steps',
          'step_x',
          'step:verified',
        ]);
        expect((await log({ since: T2, until: T2 })).total).toBe(0);
      });

      test('pages with limit and offset and counts every match', async () => {
        const all = (await log()).items.map((e) => e.seq);
        const page = await log({ limit: 2, offset: 2 });
        expect(page.total).toBe(7);
        expect(page.items.map((e) => e.seq)).toEqual(all.slice(2, 4));
        expect(await log({ limit: 2, offset: 7 })).toEqual({ items: [], total: 7 });
        expect((await log({ layer: 'violations', limit: 1, offset: 1 })).items[0]!.action).toBe(
          'step_x',
        );
      });
    });
  });
}
