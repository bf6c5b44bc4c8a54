/**
 * The app's origin on a real socket: the Host header never writes the links that QGIS and Open311
 * clients follow, nor decides which Origin may write with a session cookie. PUBLIC_URL names the
 * origin; X-Forwarded-* counts only behind trusted proxies (TRUST_PROXY).
 */
import { serve, type ServerType } from '@hono/node-server';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, test, vi } from 'vitest';
import { publicUrlFrom, type OriginSettings } from '../../../server/http/public-origin.ts';
import { UserService } from '../../../server/services/users.ts';
import { createSqliteStore } from '../../../server/store/sqlite/sqlite-store.ts';
import { readConfig } from '../../../server/config.ts';
import { reportBody, settableClock, START, appOn } from '../helpers.ts';

// One scrypt hash per app for its user's password.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

const PASSWORD = 'Mật khẩu của Anh 2026';

interface Served {
  port: number;
  /** Sends a request over the socket with exactly these headers (Host included). */
  send(
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: unknown,
  ): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: any }>;
  close(): Promise<void>;
}

const servers: Served[] = [];
afterAll(() => Promise.all(servers.map((s) => s.close())));

/** The app on 127.0.0.1 with one inspector who has a password, served on a free port. */
async function served(origin?: OriginSettings): Promise<Served> {
  const store = createSqliteStore(':memory:');
  const clock = settableClock(START);
  const app = appOn(store, clock, { origin });
  await new UserService({ store, clock }).create(
    { username: 'anh', display_name: 'Nguyễn Thị Anh', roles: ['inspector'], password: PASSWORD },
    null,
  );
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const port = (server.address() as AddressInfo).port;
  const send: Served['send'] = (method, path, headers, body) =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method,
          path,
          headers: {
            ...headers,
            ...(payload && { 'content-type': 'application/json' }),
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode!,
              headers: res.headers,
              body: text && res.headers['content-type']?.includes('json') ? JSON.parse(text) : text,
            }),
          );
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  const entry: Served = {
    port,
    send,
    close: () =>
      new Promise<void>((resolve) => server.close(() => resolve())).then(() => store.close()),
  };
  servers.push(entry);
  return entry;
}

/** Every href in a JSON document. */
function hrefs(doc: unknown): string[] {
  return JSON.stringify(doc).match(/"(?:href|url)":"[^"]*"/g) ?? [];
}

async function signIn(s: Served, headers: Record<string, string>): Promise<string> {
  const answer = await s.send('POST', '/api/auth/login', headers, {
    username: 'anh',
    password: PASSWORD,
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  const set = ([] as string[])
    .concat(answer.headers['set-cookie'] ?? [])
    .find((c) => c.startsWith('uim_session='))!;
  return set.split(';')[0]!;
}

describe('with no PUBLIC_URL and no trusted proxy', () => {
  test('OGC and Open311 links name the address the client reached, not a forged Host', async () => {
    const s = await served();
    const forged = { host: 'evil.example', 'x-forwarded-host': 'evil.example' };
    for (const path of ['/ogc', '/ogc/collections', '/ogc/collections/violations/items?limit=1']) {
      const answer = await s.send('GET', path, forged);
      expect(answer.status).toBe(200);
      const links = hrefs(answer.body);
      expect(links.length).toBeGreaterThan(0);
      expect(links.join('\n')).not.toContain('evil.example');
      expect(links.join('\n')).toContain(`http://127.0.0.1:${s.port}/ogc`);
    }
    const discovery = await s.send('GET', '/open311/v2/discovery.json', forged);
    expect(discovery.body.endpoints[0].url).toBe(`http://127.0.0.1:${s.port}/open311/v2`);
  });

  test('a cookie write whose Origin matches a forged Host is refused, and writes nothing', async () => {
    const s = await served();
    const cookie = await signIn(s, { host: `localhost:${s.port}` });
    const forged = { host: 'evil.example', origin: 'http://evil.example', cookie };
    const refused = await s.send('POST', '/api/violations', forged, reportBody());
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('CSRF');
    const listed = await s.send('GET', '/api/violations?limit=1', { cookie });
    expect(listed.body.total ?? listed.body.numberMatched).toBe(0);
    // The page as the browser opened it, by any loopback name of the address reached.
    for (const origin of [`http://localhost:${s.port}`, `http://127.0.0.1:${s.port}`]) {
      const made = await s.send('POST', '/api/violations', { origin, cookie }, reportBody());
      expect(made.status, JSON.stringify(made.body)).toBe(201);
    }
  });

  test('sign-in from an Origin that only a forged Host vouches for is refused', async () => {
    const s = await served();
    const answer = await s.send(
      'POST',
      '/api/auth/login',
      { host: 'evil.example', origin: 'http://evil.example' },
      { username: 'anh', password: PASSWORD },
    );
    expect(answer.status).toBe(403);
    expect(answer.body.error.code).toBe('CSRF');
  });
});

describe('with PUBLIC_URL', () => {
  const PUBLIC = 'https://bando.backan.example';

  test('every absolute link starts with it, whatever the Host or X-Forwarded-Host', async () => {
    const s = await served({ publicUrl: PUBLIC, trustProxy: 0 });
    const headers = { host: 'evil.example', 'x-forwarded-host': 'evil.example' };
    const landing = await s.send('GET', '/ogc', headers);
    for (const link of hrefs(landing.body)) expect(link).toContain(`"${PUBLIC}/ogc`);
    const discovery = await s.send('GET', '/open311/v2/discovery.json', headers);
    expect(discovery.body.endpoints[0].url).toBe(`${PUBLIC}/open311/v2`);
  });

  test('only its Origin may write with the cookie', async () => {
    const s = await served({ publicUrl: PUBLIC, trustProxy: 0 });
    const cookie = await signIn(s, { origin: PUBLIC });
    const local = await s.send(
      'POST',
      '/api/violations',
      { origin: `http://localhost:${s.port}`, cookie },
      reportBody(),
    );
    expect(local.status).toBe(403);
    const own = await s.send('POST', '/api/violations', { origin: PUBLIC, cookie }, reportBody());
    expect(own.status).toBe(201);
  });
});

describe('behind proxies', () => {
  const forwarded = {
    host: 'internal:8080',
    'x-forwarded-host': 'bando.backan.example',
    'x-forwarded-proto': 'https',
  };

  test('X-Forwarded-Host and -Proto write the links when TRUST_PROXY is set', async () => {
    const s = await served({ publicUrl: null, trustProxy: 1 });
    const landing = await s.send('GET', '/ogc', forwarded);
    expect(hrefs(landing.body).join('\n')).toContain('"https://bando.backan.example/ogc');
    const cookie = await signIn(s, { ...forwarded, origin: 'https://bando.backan.example' });
    const made = await s.send(
      'POST',
      '/api/violations',
      { ...forwarded, origin: 'https://bando.backan.example', cookie },
      reportBody(),
    );
    expect(made.status).toBe(201);
  });

  test('X-Forwarded-Host is ignored when no proxy is trusted', async () => {
    const s = await served({ publicUrl: null, trustProxy: 0 });
    const landing = await s.send('GET', '/ogc', forwarded);
    const links = hrefs(landing.body).join('\n');
    expect(links).not.toContain('bando.backan.example');
    expect(links).toContain(`http://127.0.0.1:${s.port}/ogc`);
  });

  test('a malformed X-Forwarded-Host is not taken even from a trusted proxy', async () => {
    const s = await served({ publicUrl: null, trustProxy: 1 });
    const landing = await s.send('GET', '/ogc', {
      'x-forwarded-host': 'evil.example/ogc?x=',
    });
    const links = hrefs(landing.body).join('\n');
    expect(links).not.toContain('evil.example');
    expect(links).toContain(`http://127.0.0.1:${s.port}/ogc`);
  });
});

describe('PUBLIC_URL setting', () => {
  test('an origin is taken, with its default port dropped', () => {
    expect(publicUrlFrom('https://bando.backan.example/')).toBe('https://bando.backan.example');
    expect(publicUrlFrom('http://10.0.0.5:8080')).toBe('http://10.0.0.5:8080');
    expect(publicUrlFrom('https://bando.backan.example:443')).toBe('https://bando.backan.example');
    expect(publicUrlFrom(undefined)).toBeNull();
    expect(publicUrlFrom('  ')).toBeNull();
    expect(readConfig({ PUBLIC_URL: 'https://x.example' }).origin.publicUrl).toBe(
      'https://x.example',
    );
  });

  test.each([
    ['bando.backan.example', /address like https:/],
    ['ftp://bando.backan.example', /https:\/\/ or http:\/\//],
    ['https://bando.backan.example/map', /no path, query or user/],
    ['https://user@bando.backan.example', /no path, query or user/],
    ['https://bando.backan.example/?a=1', /no path, query or user/],
  ])('%s is refused at start with a message saying why', (value, message) => {
    expect(() => readConfig({ PUBLIC_URL: value })).toThrow(message);
  });
});
