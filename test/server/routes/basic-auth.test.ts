/**
 * HTTP Basic with the username and a personal API token as the password: what QGIS's
 * authentication settings and GDAL (GDAL_HTTP_AUTH=BASIC) can send, where Bearer is not offered.
 * It is the token's way in, never the account password's, and a browser that caches the
 * credentials cannot be made to write from another site.
 */
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { UserService } from '../../../server/services/users.ts';
import { call, reportBody, testApp, type Answer } from '../helpers.ts';

// One user here has a password: a slow scrypt hash, longer on a busy machine.
vi.setConfig({ testTimeout: 60_000 });

let t: Awaited<ReturnType<typeof testApp>>;
beforeEach(async () => {
  t = await testApp();
});

const basic = (username: string, password: string) =>
  `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;

function get(path: string, authorization: string, lang = 'vi'): Promise<Answer> {
  return call(t.raw, 'GET', path, undefined, { authorization, 'accept-language': lang });
}

const CHALLENGE = 'Basic realm="urban-issue-map", charset="UTF-8"';

describe('the username and a token', () => {
  test('sign the request in as the token’s owner, typed in any case', async () => {
    for (const name of ['lead', 'LEAD', 'Lead']) {
      const me = await get('/api/auth/me', basic(name, t.users.lead.token));
      expect(me.status, name).toBe(200);
      expect(me.body.user.username).toBe('lead');
      expect(me.body.permissions).toContain('records:archive');
    }
  });

  test('read the staff view of the OGC layer, which the public view leaves the violator out of', async () => {
    const made = await call(
      t.app,
      'POST',
      '/api/violations',
      reportBody(undefined, { violator: { name: 'Hoàng Văn Thụ' } }),
    );
    expect(made.status).toBe(201);
    const path = '/ogc/collections/violations/items';
    const staff = await get(path, basic('lead', t.users.lead.token));
    expect(staff.status).toBe(200);
    expect(staff.body.features[0].properties.violator_name).toBe('Hoàng Văn Thụ');
    const anonymous = await call(t.raw, 'GET', path);
    expect(anonymous.body.features[0].properties).not.toHaveProperty('violator_name');
  });

  test('a token of one user under another’s name is refused, and so is an unknown name', async () => {
    for (const name of ['planner', 'nobody']) {
      const answer = await get('/api/auth/me', basic(name, t.users.lead.token));
      expect(answer.status, name).toBe(401);
      expect(answer.body.error.code).toBe('UNAUTHENTICATED');
    }
  });
});

describe('never the account password', () => {
  test('the right password is refused, saying the password here is a token', async () => {
    const password = 'Mật khẩu của Anh 2026';
    await new UserService({ store: t.store, clock: t.clock }).create(
      { username: 'anh', display_name: 'Nguyễn Thị Anh', roles: ['planner'], password },
      null,
    );
    const vi = await get('/ogc/collections/violations/items', basic('anh', password));
    expect(vi.status).toBe(401);
    expect(vi.body.error.message).toContain(
      'mật khẩu là một khóa truy cập (API token) tạo trong trang Tài khoản',
    );
    const en = await get('/api/auth/me', basic('anh', password), 'en');
    expect(en.status).toBe(401);
    expect(en.body.error.message).toContain('the password is a personal API token');
  });
});

describe('what a GIS client is told', () => {
  test('a refusal of the standards endpoints asks for Basic, so QGIS and GDAL ask for credentials', async () => {
    const ogc = await get('/ogc/collections/violations/items', 'Bearer uim_wrong');
    expect(ogc.status).toBe(401);
    expect(ogc.headers.get('www-authenticate')).toBe(CHALLENGE);
    const basicTry = await get('/api/violations', basic('lead', 'uim_wrong'));
    expect(basicTry.headers.get('www-authenticate')).toBe(CHALLENGE);
  });

  test('the web app’s own calls are never challenged: a browser would open its login dialog', async () => {
    const api = await get('/api/auth/me', 'Bearer uim_wrong');
    expect(api.status).toBe(401);
    expect(api.headers.get('www-authenticate')).toBeNull();
  });

  test.each([
    ['not base64', 'Basic !!!'],
    ['no colon', `Basic ${Buffer.from('lead').toString('base64')}`],
    ['no password', basic('lead', '')],
    ['no username', basic('', 'uim_x')],
    ['nothing', 'Basic'],
  ])('malformed credentials (%s) are a 401 with a message, not an error', async (_, header) => {
    const answer = await get('/api/auth/me', header);
    expect(answer.status).toBe(401);
    expect(answer.body.error.message).toContain('khóa truy cập');
  });
});

describe('writes', () => {
  const write = (headers: Record<string, string>) =>
    call(t.raw, 'POST', '/api/violations', reportBody(), {
      authorization: basic('inspector', t.users.inspector.token),
      ...headers,
    });

  test('a GIS client, which sends no Origin, writes with them', async () => {
    expect((await write({})).status).toBe(201);
  });

  test('another site’s page cannot use credentials its browser cached', async () => {
    const answer = await write({ origin: 'https://evil.example' });
    expect(answer.status).toBe(403);
    expect(answer.body.error.code).toBe('CSRF');
    const list = await call(t.app, 'GET', '/api/violations');
    expect(list.body.numberMatched).toBe(0);
  });
});
