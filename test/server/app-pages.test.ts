/**
 * The server answers each of the app's pages (server/domain/pages.ts) with the built web app's
 * shell, so a record's page, the exports or a month's report open from a link or a bookmark; an
 * address the app has no page for is the server's 404, and the API stays the API.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createApp, type App } from '../../server/app.ts';
import { createSqliteStore } from '../../server/store/sqlite/sqlite-store.ts';
import { NOT_PAGES, PAGE_ADDRESSES, SERVER_ANSWERS } from '../support/page-addresses.ts';
import { reference, settableClock, START, TEST_UPLOADS, testExportsDir } from './helpers.ts';

const SHELL = '<!doctype html><title>shell of the test</title><div id="app"></div>';
const webRoot = mkdtempSync(join(tmpdir(), 'uim-test-web-'));
let app: App;

beforeAll(() => {
  writeFileSync(join(webRoot, 'index.html'), SHELL);
  app = createApp({
    store: createSqliteStore(':memory:'),
    reference,
    clock: settableClock(START),
    uploadsDir: TEST_UPLOADS,
    exportsDir: testExportsDir(),
    webRoot,
  });
});
afterAll(() => rmSync(webRoot, { recursive: true, force: true }));

describe('the server opens every page of the app', () => {
  test.each(PAGE_ADDRESSES)('%s at %s', async (_, address) => {
    for (const url of [address, `${address}?map=15/22.147/105.834&asOf=2026-01-15`]) {
      const res = await app.request(url);
      expect(res.status, url).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await res.text()).toBe(SHELL);
    }
  });
});

describe('the server gives no shell', () => {
  test.each(NOT_PAGES)('at %s, an address the app has no page for', async (address) => {
    const res = await app.request(address);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toBe(SHELL);
  });

  test.each(SERVER_ANSWERS)('at %s, one of its own answers', async (address) => {
    const res = await app.request(address);
    expect(await res.text()).not.toBe(SHELL);
  });
});
