/**
 * Headers that middleware adds once a handler has answered (Cache-Control) reach the client from
 * the real server: they are set on the Node adapter's own response object, which in-process tests
 * (app.request) never see.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startServer, type ServerProcess } from './server-process.ts';

let dataDir: string;
let server: ServerProcess;
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'uim-headers-'));
  server = await startServer(dataDir);
});
afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('headers added after the answer', () => {
  test.each([
    ['/api/config', 'private, no-cache'],
    ['/api/violations?limit=5', 'private, no-cache'],
    ['/ogc/collections/violations/items?limit=5', 'private, no-cache'],
    ['/open311/v2/discovery.json', 'no-cache'],
  ])('%s says %s', async (path, cacheControl) => {
    const res = await fetch(`${server.url}${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe(cacheControl);
    expect((await res.text()).length).toBeGreaterThan(0);
    // The security headers set the same way are there too.
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
