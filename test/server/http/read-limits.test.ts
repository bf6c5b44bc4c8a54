/**
 * Fair public reads through the app: anonymous and API-token read limits (429 with Retry-After),
 * the anonymous page cap, the cost of an expensive read and how many of them run at once. Each
 * test builds an app with its own small limits and a clock of its own for the buckets.
 */
import { describe, expect, test } from 'vitest';
import { ReadLimits, type ReadLimitSettings } from '../../../server/http/read-limits.ts';
import { SessionService } from '../../../server/services/sessions.ts';
import { TokenService } from '../../../server/services/tokens.ts';
import { UserService } from '../../../server/services/users.ts';
import { createSqliteStore } from '../../../server/store/sqlite/sqlite-store.ts';
import { DUC_XUAN_POINT, reportBody, settableClock, START, appOn } from '../helpers.ts';

const T0 = Date.parse(START);
const WORLD = '-180,-90,180,90';
/** A street's view around DUC_XUAN_POINT: a small part of the area served. */
const STREET = '105.830,22.143,105.838,22.151';

/** Limits that get in no test's way unless it sets its own. */
const ROOMY: Partial<ReadLimitSettings> = {
  anonymousPerMinute: 1000,
  tokenPerMinute: 1000,
  expensiveCost: 1,
  expensiveAtOnce: 8,
  expensiveWaitMs: 0,
  anonymousPageMax: 500,
  trustProxy: 0,
};

async function limitedApp(settings: Partial<ReadLimitSettings> = {}) {
  let now = T0;
  const limits = new ReadLimits({ ...ROOMY, ...settings }, () => now);
  const clock = settableClock(START);
  const store = createSqliteStore(':memory:');
  const app = appOn(store, clock, { readLimits: limits });
  const tokens = new TokenService({ store, clock });
  const sessions = new SessionService({ store, clock });
  const users = new UserService({ store, clock });
  /** A user of the office (inspector, planner, lead) with a token and a session. */
  const user = async (username: string) => {
    const id = crypto.randomUUID();
    await store.users.insert(
      {
        id,
        username,
        display_name: `Test ${username}`,
        roles: ['inspector', 'planner', 'lead'],
        password_hash: null,
        password_changed_at: null,
        disabled_at: null,
        created_at: START,
        updated_at: START,
        version: 1,
      },
      { user: null, at: START },
    );
    const token = (await tokens.create(id, 'script', { scope: 'read-write' })).token;
    const session = await sessions.start(await users.get(id));
    return {
      token: { authorization: `Bearer ${token}` },
      // As QGIS and GDAL send it: the username, and the token as the password.
      basic: {
        authorization: `Basic ${Buffer.from(`${username}:${token}`).toString('base64')}`,
      },
      cookie: { cookie: `uim_session=${session.secret}` },
    };
  };
  const get = (path: string, headers: Record<string, string> = {}) =>
    app.request(path, { headers });
  const post = (path: string, body: unknown, headers: Record<string, string>) =>
    app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  return {
    app,
    limits,
    get,
    post,
    user,
    advance: (ms: number) => (now += ms),
  };
}

async function errorOf(res: Response) {
  return ((await res.json()) as { error: { code: string; message: string; details?: any } }).error;
}

/** Sends `n` requests one after the other and answers their statuses. */
async function statuses(n: number, send: () => Promise<Response> | Response): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await send()).status);
  return out;
}

describe('anonymous read limit', () => {
  test('a burst past READ_RATE_ANONYMOUS gets 429 with Retry-After and the error envelope, then reads again once units come back', async () => {
    const t = await limitedApp({ anonymousPerMinute: 5 });
    expect(await statuses(5, () => t.get('/api/violations'))).toEqual([200, 200, 200, 200, 200]);
    const refused = await t.get('/api/violations');
    expect(refused.status).toBe(429);
    // 5 a minute: one unit comes back every 12 seconds.
    expect(refused.headers.get('retry-after')).toBe('12');
    const error = await errorOf(refused);
    expect(error.code).toBe('TOO_MANY_REQUESTS');
    expect(error.message).toContain('Thử lại sau 12 giây');
    expect(error.details).toEqual({
      retry_after_seconds: 12,
      limit_per_minute: 5,
      scope: 'address',
    });
    const english = await errorOf(await t.get('/api/wards', { 'accept-language': 'en' }));
    expect(english.message).toMatch(
      /^Too many reads from this address .*Try again in 12 seconds\.$/,
    );

    t.advance(11_999);
    expect((await t.get('/api/violations')).status).toBe(429);
    t.advance(1);
    expect((await t.get('/api/violations')).status).toBe(200);
    expect((await t.get('/api/violations')).status).toBe(429);
  });

  test('counts every public read of the API, not only the list', async () => {
    const t = await limitedApp({ anonymousPerMinute: 3 });
    expect((await t.get('/api/config')).status).toBe(200);
    expect((await t.get('/api/wards')).status).toBe(200);
    expect(
      (await t.get('/api/violations/clusters?bbox=105.8,22.1,105.9,22.2&zoom=12')).status,
    ).toBe(200);
    expect((await t.get('/api/stats')).status).toBe(429);
  });

  test('/api/health is never limited', async () => {
    const t = await limitedApp({ anonymousPerMinute: 1 });
    expect((await t.get('/api/violations')).status).toBe(200);
    expect((await t.get('/api/violations')).status).toBe(429);
    expect(await statuses(50, () => t.get('/api/health'))).toEqual(Array(50).fill(200));
    expect(await (await t.get('/api/health')).json()).toEqual({ status: 'ok' });
  });

  test('writes are not read-limited: an inspector reports while anonymous reads are refused', async () => {
    const t = await limitedApp({ anonymousPerMinute: 1 });
    const office = await t.user('lan');
    await t.get('/api/violations');
    expect((await t.get('/api/violations')).status).toBe(429);
    const created = await t.post('/api/violations', reportBody(), office.token);
    expect(created.status).toBe(201);
  });

  test('X-Forwarded-For is ignored unless TRUST_PROXY is set', async () => {
    const direct = await limitedApp({ anonymousPerMinute: 2 });
    await direct.get('/api/violations', { 'x-forwarded-for': '203.0.113.1' });
    await direct.get('/api/violations', { 'x-forwarded-for': '203.0.113.2' });
    // A client cannot escape its limit by writing a new address each time.
    const spoofed = await direct.get('/api/violations', { 'x-forwarded-for': '203.0.113.3' });
    expect(spoofed.status).toBe(429);

    const proxied = await limitedApp({ anonymousPerMinute: 2, trustProxy: 1 });
    const from = (address: string) =>
      proxied.get('/api/violations', { 'x-forwarded-for': `198.51.100.9, ${address}` });
    expect(await statuses(2, () => from('203.0.113.1'))).toEqual([200, 200]);
    expect((await from('203.0.113.1')).status).toBe(429);
    // Behind the trusted proxy, another client is another key: the address the proxy saw.
    expect((await from('203.0.113.2')).status).toBe(200);
  });
});

describe('signed-in users and API tokens', () => {
  test('a signed-in user (session cookie) is not limited, nor capped, nor kept waiting', async () => {
    const t = await limitedApp({
      anonymousPerMinute: 2,
      anonymousPageMax: 10,
      expensiveAtOnce: 1,
      expensiveWaitMs: 0,
    });
    const office = await t.user('lan');
    expect(await statuses(3, () => t.get('/api/violations'))).toEqual([200, 200, 429]);
    expect(await statuses(40, () => t.get('/api/violations', office.cookie))).toEqual(
      Array(40).fill(200),
    );
    // Every expensive place is taken: the signed-in user's world search goes ahead anyway.
    const leave = (await t.limits.expensive.enter(0))!;
    const wide = await t.get(`/api/violations?bbox=${WORLD}&q=l&limit=5000`, office.cookie);
    expect(wide.status).toBe(200);
    leave();
  });

  test('an API token has a limit of its own, apart from other tokens and from anonymous reads', async () => {
    const t = await limitedApp({ tokenPerMinute: 3, anonymousPerMinute: 100 });
    const lan = await t.user('lan');
    const binh = await t.user('binh');
    expect(await statuses(3, () => t.get('/api/violations', lan.token))).toEqual([200, 200, 200]);
    const refused = await t.get('/api/violations', lan.token);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('20');
    const error = await errorOf(refused);
    expect(error.code).toBe('TOO_MANY_REQUESTS');
    expect(error.details).toMatchObject({ scope: 'token', limit_per_minute: 3 });
    expect(error.message).toContain('khóa truy cập (token) này');

    expect((await t.get('/api/violations', binh.token)).status).toBe(200);
    expect((await t.get('/api/violations')).status).toBe(200);
    // Its writes go on.
    expect((await t.post('/api/violations', reportBody(), lan.token)).status).toBe(201);
    t.advance(20_000);
    expect((await t.get('/api/violations', lan.token)).status).toBe(200);
  });

  test('a token sent as Basic’s password counts against that token’s units, as Bearer does', async () => {
    const ITEMS = '/ogc/collections/violations/items';
    const t = await limitedApp({ tokenPerMinute: 2, anonymousPerMinute: 1 });
    const lan = await t.user('lan');
    const binh = await t.user('binh');
    expect(await statuses(2, () => t.get(ITEMS, lan.basic))).toEqual([200, 200]);
    expect((await t.get(ITEMS, lan.token)).status).toBe(429);
    expect((await t.get(ITEMS, binh.basic)).status).toBe(200);
    expect((await t.get(ITEMS)).status).toBe(200);
  });

  test('a token is not held to the anonymous page cap', async () => {
    const t = await limitedApp({ anonymousPageMax: 10 });
    const lan = await t.user('lan');
    const page = await t.get(`/api/violations?bbox=${WORLD}&limit=5000`, lan.token);
    expect(page.status).toBe(200);
  });
});

describe('anonymous page cap', () => {
  test('the public map still loads the whole list in one request; a larger page of a bbox or an offset is refused with the maximum', async () => {
    const t = await limitedApp({ anonymousPageMax: 2 });
    const office = await t.user('lan');
    for (let i = 0; i < 3; i++) {
      expect(
        (await t.post('/api/violations', reportBody(DUC_XUAN_POINT), office.token)).status,
      ).toBe(201);
    }
    // The map's first load: the count, then every record of its filters (limit = MAX_PAGE).
    const count = await (await t.get('/api/violations?limit=1')).json();
    expect(count.numberMatched).toBe(3);
    const whole = await (await t.get('/api/violations?limit=5000')).json();
    expect(whole.numberReturned).toBe(3);
    // A page of a view within the cap.
    const view = await (await t.get(`/api/violations?bbox=${STREET}&limit=2`)).json();
    expect(view.numberReturned).toBe(2);

    for (const query of [
      `bbox=${WORLD}&limit=3`,
      `bbox=${STREET}&limit=5000`,
      'offset=1&limit=3',
    ]) {
      const refused = await t.get(`/api/violations?${query}`);
      expect(refused.status, query).toBe(400);
      const error = await errorOf(refused);
      expect(error.code).toBe('BAD_REQUEST');
      expect(error.details.max_limit).toBe(2);
      expect(error.message).toContain('tối đa 2 bản ghi');
      expect(error.message).toContain('/api/violations/clusters');
    }
    const english = await errorOf(
      await t.get(`/api/violations?bbox=${WORLD}&limit=3`, { 'accept-language': 'en' }),
    );
    expect(english.message).toContain('at most 2 records, not 3');
    expect(english.message).toContain('/api/violations/clusters');
  });

  test('the default cap is 500: the map asks 500 by bbox at street zoom', async () => {
    const t = await limitedApp({ anonymousPageMax: undefined });
    expect(t.limits.settings.anonymousPageMax).toBe(500);
    expect((await t.get(`/api/violations?bbox=${STREET}&limit=500`)).status).toBe(200);
    expect((await t.get(`/api/violations?bbox=${STREET}&limit=501`)).status).toBe(400);
  });
});

describe('expensive anonymous reads', () => {
  test('a world bbox with q, or a large page, costs READ_COST_EXPENSIVE units; a search of a street view costs one', async () => {
    const t = await limitedApp({ anonymousPerMinute: 12, expensiveCost: 5, anonymousPageMax: 10 });
    // 12 units: two expensive reads leave 2.
    expect((await t.get(`/api/violations?bbox=${WORLD}&q=l&limit=10`)).status).toBe(200);
    expect((await t.get('/api/violations?limit=11')).status).toBe(200);
    const refused = await t.get('/api/violations?q=l');
    expect(refused.status).toBe(429);
    // 3 units short at 12 a minute (one per 5 s).
    expect(refused.headers.get('retry-after')).toBe('15');
    // What is left still pays for plain reads.
    expect((await t.get(`/api/violations?bbox=${STREET}&q=l&limit=10`)).status).toBe(200);
    expect((await t.get('/api/violations?limit=10')).status).toBe(200);
    expect((await t.get('/api/violations')).status).toBe(429);
  });

  test('at most EXPENSIVE_READS_AT_ONCE run at once: one more waits, then gets 429 with Retry-After, while others are served', async () => {
    const t = await limitedApp({ expensiveAtOnce: 2, expensiveWaitMs: 50 });
    const office = await t.user('lan');
    const a = (await t.limits.expensive.enter(0))!;
    const b = (await t.limits.expensive.enter(0))!;
    expect(await t.limits.expensive.enter(0)).toBeNull();

    const started = Date.now();
    const refused = await t.get(`/api/violations?bbox=${WORLD}&q=l&limit=500`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    const error = await errorOf(refused);
    expect(error.code).toBe('TOO_MANY_REQUESTS');
    expect(error.details).toEqual({ retry_after_seconds: 1, reason: 'busy' });
    expect(error.message).toContain('Máy chủ đang bận');
    expect((await t.get('/api/violations?limit=5000')).status).toBe(429);

    // Plain anonymous reads, the signed-in, writes and the health check are not held up.
    expect((await t.get(`/api/violations?bbox=${STREET}`)).status).toBe(200);
    expect((await t.get(`/api/violations?bbox=${WORLD}&q=l`, office.cookie)).status).toBe(200);
    expect((await t.post('/api/violations', reportBody(), office.token)).status).toBe(201);
    expect((await t.get('/api/health')).status).toBe(200);

    a();
    expect((await t.get(`/api/violations?bbox=${WORLD}&q=l`)).status).toBe(200);
    b();
  });

  test('one waiting goes ahead when a place frees within EXPENSIVE_READ_WAIT_MS', async () => {
    const t = await limitedApp({ expensiveAtOnce: 1, expensiveWaitMs: 5000 });
    const held = (await t.limits.expensive.enter(0))!;
    const waiting = t.get('/api/violations?q=l');
    setTimeout(held, 30);
    const answer = await waiting;
    expect(answer.status).toBe(200);
    expect(t.limits.expensive.inside).toBe(0);
  });

  test('an expensive read gives its place back once answered, refused or not', async () => {
    const t = await limitedApp({ expensiveAtOnce: 1, expensiveWaitMs: 0 });
    expect(await statuses(3, () => t.get('/api/violations?q=l'))).toEqual([200, 200, 200]);
    // A request the route refuses (an unknown kind) leaves as well.
    expect((await t.get('/api/violations?q=l&kind=nonsense')).status).toBe(422);
    expect((await t.get('/api/violations?q=l')).status).toBe(200);
    expect(t.limits.expensive.inside).toBe(0);
  });
});

describe('OGC API and Open311 read the same records under the same limits', () => {
  const ITEMS = '/ogc/collections/violations/items';

  test('anonymous OGC and Open311 reads share the address’s units with the API, then get 429 with Retry-After', async () => {
    const t = await limitedApp({ anonymousPerMinute: 4 });
    expect((await t.get('/api/violations')).status).toBe(200);
    expect((await t.get(`${ITEMS}?limit=10`)).status).toBe(200);
    expect((await t.get('/ogc/collections')).status).toBe(200);
    expect((await t.get('/open311/v2/services.json')).status).toBe(200);
    for (const path of [ITEMS, '/open311/v2/requests.json', '/ogc']) {
      const refused = await t.get(path);
      expect(refused.status, path).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      // Open311 says it in GeoReport's errors, the others in the app's envelope.
      if (path.startsWith('/open311/')) {
        expect(await refused.json()).toEqual([{ code: 429, description: expect.any(String) }]);
      } else {
        expect((await errorOf(refused)).code).toBe('TOO_MANY_REQUESTS');
      }
    }
  });

  test('an API token has its own units on /ogc, as QGIS sends it', async () => {
    const t = await limitedApp({ anonymousPerMinute: 1, tokenPerMinute: 2 });
    const { token } = await t.user('qgis');
    expect((await t.get(ITEMS, token)).status).toBe(200);
    expect((await t.get(ITEMS, token)).status).toBe(200);
    expect((await t.get(ITEMS, token)).status).toBe(429);
    // The address's anonymous unit is untouched by the token's reads.
    expect((await t.get(ITEMS)).status).toBe(200);
  });

  test('an OGC page over the anonymous maximum is served, as an expensive read that waits its turn', async () => {
    const t = await limitedApp({ anonymousPageMax: 10, expensiveAtOnce: 1, expensiveWaitMs: 30 });
    const held = (await t.limits.expensive.enter(0))!;
    const refused = await t.get(`${ITEMS}?limit=11`);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    // A page within the maximum is a plain read and does not wait.
    expect((await t.get(`${ITEMS}?limit=10`)).status).toBe(200);
    // So is Open311's whole list, by its size; one record by id is not.
    expect((await t.get('/open311/v2/requests.json')).status).toBe(429);
    expect((await t.get('/open311/v2/requests.json?service_request_id=x')).status).toBe(200);
    held();
    expect((await t.get(`${ITEMS}?limit=11`)).status).toBe(200);
    expect(t.limits.expensive.inside).toBe(0);
  });
});

describe('without limits', () => {
  test('an app given none limits nothing (the tests of other routes)', async () => {
    const store = createSqliteStore(':memory:');
    const app = appOn(store, settableClock(START));
    const answers = await statuses(700, () => app.request('/api/config'));
    expect(answers.every((s) => s === 200)).toBe(true);
    expect((await app.request(`/api/violations?bbox=${WORLD}&q=l&limit=5000`)).status).toBe(200);
  });
});
