/**
 * Compressed answers (issue 16, item 8): a phone on a weak link is sent brotli or gzip for every
 * compressible answer of a kilobyte or more, the web app's files as the build compressed them,
 * and a client that asks for no encoding gets the bytes as they were.
 */
import { serve, type ServerType } from '@hono/node-server';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { precompressDir } from '../../../scripts/precompress.ts';
import { chooseEncoding } from '../../../server/http/compression.ts';
import { createSqliteStore } from '../../../server/store/sqlite/sqlite-store.ts';
import { appOn, report, settableClock, START, testApp } from '../helpers.ts';

const ALL = 'gzip, deflate, br, zstd';

function decoded(encoding: string | null, bytes: Buffer): string {
  if (encoding === 'br') return brotliDecompressSync(bytes).toString('utf8');
  if (encoding === 'gzip') return gunzipSync(bytes).toString('utf8');
  return bytes.toString('utf8');
}

describe('the encoding a client prefers', () => {
  test.each([
    [undefined, null],
    ['', null],
    ['identity', null],
    ['gzip', 'gzip'],
    ['gzip, deflate, br, zstd', 'br'],
    ['br;q=0.5, gzip', 'gzip'],
    ['br, gzip;q=0', 'br'],
    ['br;q=0, gzip;q=0', null],
    ['*', 'br'],
    ['*;q=0.2, gzip', 'gzip'],
    ['BR', 'br'],
  ])('Accept-Encoding %j: %s', (accept, expected) => {
    expect(chooseEncoding(accept)).toBe(expected);
  });
});

describe('API answers', () => {
  let t: Awaited<ReturnType<typeof testApp>>;
  beforeAll(async () => {
    t = await testApp();
    for (let i = 0; i < 12; i++) await report(t.app, undefined, { description: `Lấn chiếm ${i}` });
  });

  const get = async (path: string, accept?: string, method = 'GET') => {
    const res = await t.app.request(path, {
      method,
      headers: accept === undefined ? {} : { 'accept-encoding': accept },
    });
    const bytes = Buffer.from(await res.arrayBuffer());
    return { res, bytes, encoding: res.headers.get('content-encoding') };
  };

  test('a page of records goes out in brotli, and reads back to the same GeoJSON as unencoded', async () => {
    const plain = await get('/api/violations?limit=100');
    expect(plain.encoding).toBeNull();
    const text = plain.bytes.toString('utf8');
    expect(JSON.parse(text).features).toHaveLength(12);
    expect(plain.bytes.length).toBeGreaterThan(4000);
    const br = await get('/api/violations?limit=100', ALL);
    expect(br.encoding).toBe('br');
    expect(br.res.headers.get('content-length')).toBeNull();
    expect(br.res.headers.get('vary')).toMatch(/accept-encoding/i);
    expect(decoded('br', br.bytes)).toBe(text);
    expect(br.bytes.length).toBeLessThan(plain.bytes.length / 3);
    const gzip = await get('/api/violations?limit=100', 'gzip, deflate');
    expect(gzip.encoding).toBe('gzip');
    expect(decoded('gzip', gzip.bytes)).toBe(text);
    // Whoever asked, a shared cache must tell the encodings apart.
    expect(plain.res.headers.get('vary')).toMatch(/accept-encoding/i);
  });

  test('a small answer goes out as it is', async () => {
    const one = await get('/api/health', ALL);
    expect(one.res.status).toBe(200);
    expect(one.encoding).toBeNull();
    expect(JSON.parse(one.bytes.toString('utf8'))).toMatchObject({ status: 'ok' });
    const refused = await get('/api/violations?limit=abc', ALL);
    expect(refused.res.status).toBe(422);
    expect(refused.encoding).toBeNull();
    expect(JSON.parse(refused.bytes.toString('utf8')).error).toBeTruthy();
  });

  test('an error long enough is compressed and still reads as the error', async () => {
    const q = 'x'.repeat(3000);
    const plain = await get(`/api/violations?bbox=${q}`);
    const br = await get(`/api/violations?bbox=${q}`, ALL);
    expect(br.res.status).toBe(plain.res.status);
    expect(plain.res.status).toBeGreaterThanOrEqual(400);
    expect(plain.res.status).toBeLessThan(500);
    expect(decoded(br.encoding, br.bytes)).toBe(plain.bytes.toString('utf8'));
  });

  test('a HEAD is answered without a body or an encoding', async () => {
    const head = await get('/api/violations?limit=100', ALL, 'HEAD');
    expect(head.res.status).toBe(200);
    expect(head.encoding).toBeNull();
    expect(head.bytes.length).toBe(0);
  });

  test('the OGC API pages are compressed too', async () => {
    const items = '/ogc/collections/violations/items?limit=100';
    const plain = await get(items);
    const gzip = await get(items, 'gzip');
    expect(gzip.encoding).toBe('gzip');
    expect(gzip.res.headers.get('content-type')).toBe(plain.res.headers.get('content-type'));
    expect(decoded('gzip', gzip.bytes)).toBe(plain.bytes.toString('utf8'));
  });
});

describe("the web app's files, as the build left them", () => {
  const webRoot = mkdtempSync(join(tmpdir(), 'uim-test-web-'));
  const script = `export const words = ${JSON.stringify('Bản đồ trật tự đô thị '.repeat(200))};\n`;
  const style = `.panel { color: #0b4f6c; }\n`.repeat(100);
  const tiny = 'export const a = 1;\n';
  // Random bytes: an encoding would not make them smaller.
  const noise = randomBytes(4096).toString('latin1');
  let app: ReturnType<typeof appOn>;
  let written: number;
  beforeAll(async () => {
    mkdirSync(join(webRoot, 'assets'));
    writeFileSync(join(webRoot, 'index.html'), '<!doctype html><div id="app"></div>');
    writeFileSync(join(webRoot, 'assets', 'index-abc123.js'), script);
    writeFileSync(join(webRoot, 'assets', 'tiny-abc123.js'), tiny);
    writeFileSync(join(webRoot, 'assets', 'noise-abc123.txt'), noise, 'latin1');
    written = await precompressDir(webRoot);
    // Written after the build: served as it is, compressed on its way out.
    writeFileSync(join(webRoot, 'assets', 'style-def456.css'), style);
    app = appOn(createSqliteStore(':memory:'), settableClock(START), { webRoot });
  });
  afterAll(() => rmSync(webRoot, { recursive: true, force: true }));

  test('the build writes a brotli and a gzip beside a file worth it, and none beside the others', () => {
    const names = readdirSync(join(webRoot, 'assets')).sort();
    expect(names).toEqual([
      'index-abc123.js',
      'index-abc123.js.br',
      'index-abc123.js.gz',
      'noise-abc123.txt',
      'style-def456.css',
      'tiny-abc123.js',
    ]);
    expect(written).toBe(1);
  });

  test("a hashed script is the build's brotli, kept for a year", async () => {
    const res = await app.request('/assets/index-abc123.js', {
      headers: { 'accept-encoding': ALL },
    });
    expect(res.headers.get('content-encoding')).toBe('br');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    const br = Buffer.from(await res.arrayBuffer());
    expect(br.equals(readFileSync(join(webRoot, 'assets', 'index-abc123.js.br')))).toBe(true);
    expect(decoded('br', br)).toBe(script);
    const gzip = await app.request('/assets/index-abc123.js', {
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    expect(decoded('gzip', Buffer.from(await gzip.arrayBuffer()))).toBe(script);
    const plain = await app.request('/assets/index-abc123.js');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe(script);
  });

  test('a file the build left whole is compressed as it goes out, or sent as it is when small', async () => {
    const res = await app.request('/assets/style-def456.css', {
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(decoded('gzip', Buffer.from(await res.arrayBuffer()))).toBe(style);
    const small = await app.request('/assets/tiny-abc123.js', {
      headers: { 'accept-encoding': ALL },
    });
    expect(small.headers.get('content-encoding')).toBeNull();
    expect(await small.text()).toBe(tiny);
  });
});

describe('over a socket, as a browser meets it', () => {
  let server: ServerType;
  let port: number;
  let token: string;
  beforeAll(async () => {
    const t = await testApp();
    for (let i = 0; i < 30; i++) await report(t.app, undefined, { description: `Vỉa hè ${i}` });
    token = t.users.office.token;
    server = await new Promise((resolve) => {
      const s = serve({ fetch: t.raw.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const fetchRaw = (path: string, accept?: string) =>
    new Promise<{ headers: Record<string, unknown>; bytes: Buffer }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path,
          headers: {
            authorization: `Bearer ${token}`,
            ...(accept && { 'accept-encoding': accept }),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ headers: res.headers, bytes: Buffer.concat(chunks) }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end();
    });

  test('the page is sent chunked in brotli and decodes to what an unencoding client gets', async () => {
    const plain = await fetchRaw('/api/violations?limit=100');
    const br = await fetchRaw('/api/violations?limit=100', ALL);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['transfer-encoding']).toBe('chunked');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(decoded('br', br.bytes)).toBe(plain.bytes.toString('utf8'));
    expect(JSON.parse(plain.bytes.toString('utf8')).features).toHaveLength(30);
  });
});
