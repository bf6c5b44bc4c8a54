/**
 * /api/audit: every change of every layer with who, when, before/after and why; its filters and
 * paging; what each reader may see of a violator. One timeline of changes is made once, at set
 * instants around a local midnight, and every test reads it.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { hashSecret } from '../../../server/services/secrets.ts';
import { call, reportBody, START, testApp, type TestApp } from '../helpers.ts';

let t: Awaited<ReturnType<typeof testApp>>;
let lead: TestApp;
let admin: TestApp;

/** The instants of the timeline; START is when testApp made its six users and their tokens. */
const AT = {
  /** 23:59:59 on 10 March, local time. */
  report: '2026-03-10T16:59:59.000Z',
  /** Midnight: 00:00 on 11 March, local time. */
  edit: '2026-03-10T17:00:00.000Z',
  step: '2026-03-11T02:00:00.000Z',
  userCreate: '2026-03-11T03:00:00.000Z',
  userUpdate: '2026-03-11T04:00:00.000Z',
  reset: '2026-03-11T05:00:00.000Z',
  tokenCreate: '2026-03-12T02:00:00.000Z',
  revoke: '2026-03-12T03:00:00.000Z',
};
/** testApp's six users and six tokens. */
const SEEDED = 12;
const TOTAL = SEEDED + 8;
const VIOLATOR = { name: 'Nguyễn Văn An', id_number: '008085001234' };

let violationId: string;
let chiId: string;
let tokenId: string;
let tokenSecret: string;

beforeAll(async () => {
  t = await testApp();
  lead = t.as('lead');
  admin = t.as('admin');
  const ok = (status: number, expected: number, what: string) => {
    if (status !== expected) throw new Error(`${what}: ${status}`);
  };

  t.clock.set(AT.report);
  const created = await call(
    t.app,
    'POST',
    '/api/violations',
    reportBody(undefined, { violator: VIOLATOR }),
  );
  ok(created.status, 201, 'report');
  violationId = created.body.id;

  t.clock.set(AT.edit);
  const edited = await call(t.app, 'PATCH', `/api/violations/${violationId}`, {
    properties: { description: 'Quán nước lấn chiếm vỉa hè, đã nhắc nhở' },
    reason: 'bổ sung mô tả',
  });
  ok(edited.status, 200, 'edit');

  t.clock.set(AT.step);
  ok(
    (await call(t.app, 'POST', `/api/violations/${violationId}/steps`, { to: 'verified' })).status,
    200,
    'step',
  );

  t.clock.set(AT.userCreate);
  const chi = await call(admin, 'POST', '/api/users', {
    username: 'chi',
    display_name: 'Nguyễn Thị Chi',
    roles: ['inspector'],
    password: 'mật khẩu đầu tiên',
  });
  ok(chi.status, 201, 'user create');
  chiId = chi.body.id;

  t.clock.set(AT.userUpdate);
  const promoted = await call(admin, 'PATCH', `/api/users/${chiId}`, {
    roles: ['inspector', 'planner'],
    reason: 'kiêm nhiệm quy hoạch',
  });
  ok(promoted.status, 200, 'user update');

  t.clock.set(AT.reset);
  const reset = await call(admin, 'POST', `/api/users/${chiId}/password`, {
    password: 'mật khẩu thứ hai',
    reason: 'quên mật khẩu',
  });
  ok(reset.status, 204, 'reset');

  t.clock.set(AT.tokenCreate);
  const token = await call(t.as('planner'), 'POST', '/api/auth/tokens', { name: 'QGIS' });
  ok(token.status, 201, 'token');
  [tokenId, tokenSecret] = [token.body.id, token.body.token];

  t.clock.set(AT.revoke);
  ok((await call(admin, 'POST', `/api/auth/tokens/${tokenId}/revoke`, {})).status, 200, 'revoke');
}, 60_000);

const audit = (as: TestApp, query = '') => call(as, 'GET', `/api/audit${query}`);

/** The entries a query answers, as "layer action" pairs, newest first. */
async function actions(query: string): Promise<string[]> {
  const answer = await audit(lead, query);
  expect(answer.status).toBe(200);
  return answer.body.entries.map(
    (e: { layer: string; action: string }) => `${e.layer} ${e.action}`,
  );
}

interface Entry {
  seq: number;
  layer: string;
  record_id: string;
  action: string;
  at: string;
  user: string | null;
  reason: string | null;
  version: number;
  before: any;
  after: any;
}

describe('GET /api/audit', () => {
  test('shows every change, newest first', async () => {
    const answer = await audit(lead, '?limit=100');
    expect(answer.status).toBe(200);
    expect(answer.body.total).toBe(TOTAL);
    const entries: Entry[] = answer.body.entries;
    expect(entries).toHaveLength(TOTAL);
    expect(entries.slice(0, 8).map((e) => `${e.layer} ${e.action} ${e.at}`)).toEqual([
      `tokens revoke ${AT.revoke}`,
      `tokens create ${AT.tokenCreate}`,
      `users password:reset ${AT.reset}`,
      `users update ${AT.userUpdate}`,
      `users create ${AT.userCreate}`,
      `violations step:verified ${AT.step}`,
      `violations update ${AT.edit}`,
      `violations create ${AT.report}`,
    ]);
    for (let i = 1; i < entries.length; i++) {
      const [newer, older] = [entries[i - 1]!, entries[i]!];
      expect(newer.at >= older.at).toBe(true);
      // Changes made at one instant: the later written comes first.
      if (newer.at === older.at) expect(newer.seq).toBeGreaterThan(older.seq);
    }
    expect(entries.slice(8).every((e) => e.at === START && e.action === 'create')).toBe(true);
  });

  test('a violation’s changes: who, when, before and after, and why', async () => {
    const entries: Entry[] = (await audit(lead, `?record=${violationId}`)).body.entries;
    const [step, update, create] = entries;
    expect(create).toMatchObject({
      layer: 'violations',
      record_id: violationId,
      version: 1,
      action: 'create',
      at: AT.report,
      user: t.users.office.id,
      reason: null,
      before: null,
    });
    expect(create!.after.properties).toMatchObject({ status: 'reported', version: 1 });
    expect(update).toMatchObject({ version: 2, action: 'update', reason: 'bổ sung mô tả' });
    expect(update!.before.properties.description).toBe('Quán nước lấn chiếm vỉa hè');
    expect(update!.after.properties.description).toBe('Quán nước lấn chiếm vỉa hè, đã nhắc nhở');
    expect(step).toMatchObject({ version: 3, action: 'step:verified', at: AT.step });
    expect(step!.before.properties.status).toBe('reported');
    expect(step!.after.properties.status).toBe('verified');
  });

  test('a user’s changes: created, updated and reset by the admin, with the reasons', async () => {
    const entries: Entry[] = (await audit(lead, `?record=${chiId}`)).body.entries;
    expect(entries.map((e) => [e.action, e.user, e.reason, e.version])).toEqual([
      ['password:reset', t.users.admin.id, 'quên mật khẩu', 3],
      ['update', t.users.admin.id, 'kiêm nhiệm quy hoạch', 2],
      ['create', t.users.admin.id, null, 1],
    ]);
    const [reset, update, create] = entries;
    expect(create!.before).toBeNull();
    expect(create!.after).toMatchObject({ id: chiId, username: 'chi', roles: ['inspector'] });
    expect(update!.before.roles).toEqual(['inspector']);
    expect(update!.after.roles).toEqual(['inspector', 'planner']);
    // A reset shows as the date the password changed, never as the password or its hash.
    expect(reset!.before.password_changed_at).toBe(AT.userCreate);
    expect(reset!.after.password_changed_at).toBe(AT.reset);
  });

  test('the log never holds a password, its hash, or a token’s secret or hash', async () => {
    const everything = await audit(admin, '?limit=1000');
    const text = JSON.stringify(everything.body);
    expect(text).not.toMatch(/password_hash|token_hash|scrypt/);
    expect(text).not.toContain('mật khẩu đầu tiên');
    expect(text).not.toContain('mật khẩu thứ hai');
    // No run of 40 or more base64 or hex characters: what a hash or a secret looks like.
    expect(text).not.toMatch(/[A-Za-z0-9+/_-]{40,}/);
    expect(text).not.toContain(tokenSecret);
    expect(text).not.toContain(hashSecret(tokenSecret));
    for (const e of everything.body.entries as Entry[]) {
      for (const side of [e.before, e.after]) {
        if (side && e.layer === 'users') expect(Object.keys(side)).not.toContain('password_hash');
      }
    }
  });

  test('a token’s creation and revocation, with who did each', async () => {
    const entries: Entry[] = (await audit(lead, `?layer=tokens&record=${tokenId}`)).body.entries;
    expect(entries).toHaveLength(2);
    const [revoke, create] = entries;
    expect(create).toMatchObject({ action: 'create', user: t.users.planner.id, before: null });
    expect(create!.after).toEqual({
      id: tokenId,
      user_id: t.users.planner.id,
      name: 'QGIS',
      scope: 'read',
      expires_on: null,
      created_at: AT.tokenCreate,
      last_used_at: null,
      revoked_at: null,
    });
    expect(revoke).toMatchObject({ action: 'revoke', user: t.users.admin.id, at: AT.revoke });
    expect(revoke!.before.revoked_at).toBeNull();
    expect(revoke!.after.revoked_at).toBe(AT.revoke);
  });

  test('names every account, on every page: the user filter offers them all', async () => {
    const everyone = Object.fromEntries(
      (await t.store.users.list()).map((u) => [
        u.id,
        { username: u.username, display_name: u.display_name },
      ]),
    );
    expect(Object.keys(everyone).length).toBeGreaterThanOrEqual(6);
    for (const query of ['?limit=8', `?record=${crypto.randomUUID()}`]) {
      expect((await audit(lead, query)).body.users).toEqual(everyone);
    }
    // Never more than names: no hash, no roles.
    expect(JSON.stringify((await audit(lead, '')).body.users)).not.toMatch(/scrypt|roles/);
  });
});

describe('filters', () => {
  test('by layer', async () => {
    const answer = await audit(lead, '?layer=users');
    expect(answer.body.total).toBe(6 + 3);
    expect(answer.body.entries.every((e: Entry) => e.layer === 'users')).toBe(true);
    expect(await actions('?layer=violations')).toEqual([
      'violations step:verified',
      'violations update',
      'violations create',
    ]);
  });

  test('by record', async () => {
    expect(await actions(`?record=${violationId}`)).toEqual([
      'violations step:verified',
      'violations update',
      'violations create',
    ]);
    const none = (await audit(lead, `?record=${crypto.randomUUID()}`)).body;
    expect([none.total, none.entries]).toEqual([0, []]);
  });

  test('by the user who made the change', async () => {
    expect(await actions(`?user=${t.users.admin.id}`)).toEqual([
      'tokens revoke',
      'users password:reset',
      'users update',
      'users create',
      'tokens create', // testApp's token for the admin
    ]);
    expect(await actions(`?user=${t.users.office.id}&layer=violations`)).toHaveLength(3);
  });

  test.each([
    ['step', ['violations step:verified']],
    ['step:verified', ['violations step:verified']],
    ['step:closed', []],
    ['ste', []],
    ['update', ['users update', 'violations update']],
    ['password', ['users password:reset']],
    ['revoke', ['tokens revoke']],
  ])('by action %j (a family matches its members)', async (action, expected) => {
    expect(await actions(`?action=${action}`)).toEqual(expected);
  });

  test('by action and layer together', async () => {
    expect(await actions('?action=create&layer=violations')).toEqual(['violations create']);
    const answer = await audit(lead, '?action=create');
    expect(answer.body.total).toBe(SEEDED + 3);
  });

  test('from and to are local days (Asia/Ho_Chi_Minh), both included', async () => {
    // 16:59:59Z is still 10 March locally; 17:00Z is already 11 March.
    const tenth = await audit(lead, '?from=2026-03-10&to=2026-03-10');
    expect(tenth.body.total).toBe(SEEDED + 1);
    expect(tenth.body.entries[0]).toMatchObject({ action: 'create', at: AT.report });

    expect(await actions('?from=2026-03-11&to=2026-03-11')).toEqual([
      'users password:reset',
      'users update',
      'users create',
      'violations step:verified',
      'violations update',
    ]);
    expect(await actions('?from=2026-03-12')).toEqual(['tokens revoke', 'tokens create']);
    expect((await audit(lead, '?to=2026-03-09')).body.total).toBe(0);
    expect((await audit(lead, '?from=2026-03-13')).body.total).toBe(0);
    expect((await audit(lead, '?from=2026-03-12&to=2026-03-11')).body.total).toBe(0);
  });

  test('pages with limit and offset, and counts every match', async () => {
    const all: Entry[] = (await audit(lead, '?limit=100')).body.entries;
    const first = await audit(lead, '?limit=3');
    const second = await audit(lead, '?limit=3&offset=3');
    expect([first.body.total, second.body.total]).toEqual([TOTAL, TOTAL]);
    expect([...first.body.entries, ...second.body.entries].map((e: Entry) => e.seq)).toEqual(
      all.slice(0, 6).map((e) => e.seq),
    );
    const past = await audit(lead, `?offset=${TOTAL}`);
    expect([past.body.total, past.body.entries]).toEqual([TOTAL, []]);
    // Paging and filters together.
    const users = await audit(lead, '?layer=users&limit=2&offset=1');
    expect(users.body.total).toBe(9);
    expect(users.body.entries.map((e: Entry) => e.action)).toEqual(['update', 'create']);
  });

  test.each([
    ['an unknown layer', '?layer=accounts'],
    ['an action with capitals and spaces', '?action=DROP%20TABLE'],
    ['an action with a wildcard', '?action=st%25'],
    ['a date that does not exist', '?from=2026-02-30'],
    ['a date in another format', '?to=11/03/2026'],
    ['a limit of 0', '?limit=0'],
    ['a limit over the page size', '?limit=5001'],
    ['a negative offset', '?offset=-1'],
  ])('refuses %s with 422', async (_, query) => {
    const answer = await audit(lead, query);
    expect(answer.status).toBe(422);
    expect(answer.body.error.code).toBe('VALIDATION_FAILED');
  });
});

describe('who may read the log, and what of it', () => {
  test('the lead sees the violator in a violation’s before and after', async () => {
    const entries: Entry[] = (await audit(lead, `?record=${violationId}`)).body.entries;
    const [step, update, create] = entries;
    expect(create!.after.properties.violator).toEqual(VIOLATOR);
    expect(update!.before.properties.violator).toEqual(VIOLATOR);
    expect(step!.after.properties.violator).toEqual(VIOLATOR);
  });

  test('the admin reads the log but not violators’ identities', async () => {
    const answer = await audit(admin, `?record=${violationId}`);
    expect(answer.status).toBe(200);
    const entries: Entry[] = answer.body.entries;
    expect(entries).toHaveLength(3);
    for (const e of entries) {
      for (const side of [e.before, e.after].filter(Boolean)) {
        expect(side.properties.violator).toBeNull();
        expect(side.properties.description).toMatch(/^Quán nước/);
      }
    }
    expect(JSON.stringify(answer.body)).not.toContain(VIOLATOR.name);
    expect(JSON.stringify(answer.body)).not.toContain(VIOLATOR.id_number);
  });

  test('office (lead among its roles) reads it', async () => {
    expect((await audit(t.app)).status).toBe(200);
  });

  test.each(['inspector', 'planner', 'viewer'] as const)('%s gets 403', async (who) => {
    const answer = await audit(t.as(who));
    expect(answer.status).toBe(403);
    expect(answer.body.error.code).toBe('FORBIDDEN');
  });

  test('anonymous gets 401', async () => {
    const answer = await audit(t.as('anonymous'));
    expect(answer.status).toBe(401);
    expect(answer.body.error.code).toBe('UNAUTHENTICATED');
  });
});
