/**
 * The device's private caches answer only the user the page names as their owner: the Workbox
 * plugin as the service worker runs it, against the page's hand-over (cache-owner.ts), on a Cache
 * Storage that lives in memory. The header names come from the server's module, so a name the
 * plugin spells differently fails here.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { ANONYMOUS, ANSWER_OWNER_HEADER } from '../../../server/domain/access/answer-owner.ts';
import { RECORDS_CACHE } from '../../../web/src/lib/offline/cache-names.ts';
import { ownCaches } from '../../../web/src/lib/offline/cache-owner.ts';
import { ownerPlugin } from '../../../web/src/lib/offline/owner-plugin.ts';

const ORIGIN = 'https://uim.test';
const keyOf = (key: RequestInfo | URL) =>
  new URL(key instanceof Request ? key.url : String(key), ORIGIN).href;

/** Cache Storage in memory, with what the plugin and the page use of it. */
class MemoryCaches {
  readonly #caches = new Map<string, Map<string, Response>>();
  async open(name: string) {
    const entries = this.#caches.get(name) ?? new Map<string, Response>();
    this.#caches.set(name, entries);
    return {
      match: async (key: RequestInfo | URL) => entries.get(keyOf(key))?.clone(),
      put: async (key: RequestInfo | URL, response: Response) =>
        void entries.set(keyOf(key), response),
      keys: async () => [...entries.keys()].map((url) => new Request(url)),
      delete: async (key: RequestInfo | URL) => entries.delete(keyOf(key)),
    };
  }
  async has(name: string) {
    return this.#caches.has(name);
  }
  async match(key: RequestInfo | URL, options: { cacheName?: string } = {}) {
    return this.#caches
      .get(options.cacheName ?? '')
      ?.get(keyOf(key))
      ?.clone();
  }
  /** The paths a cache holds. */
  paths(name: string) {
    return [...(this.#caches.get(name)?.keys() ?? [])].map((url) => new URL(url).pathname);
  }
}

let storage: MemoryCaches;
beforeEach(() => {
  storage = new MemoryCaches();
  (globalThis as { caches?: unknown }).caches = storage;
});
afterEach(() => {
  delete (globalThis as { caches?: unknown }).caches;
});

/** A case as the server answers it to `user`. */
const answerFor = (user: string) =>
  new Response('{"violator":{"name":"Hộ ông Lường Văn Khởi"}}', {
    headers: { [ANSWER_OWNER_HEADER]: user },
  });

/** Puts an answer for `user` in the records' cache, as the worker would have. */
const keep = async (path: string, user: string) =>
  (await storage.open(RECORDS_CACHE)).put(path, answerFor(user));

const stores = async (user: string) =>
  (await ownerPlugin.cacheWillUpdate({ response: answerFor(user) })) !== null;
const answers = async (user: string) =>
  (await ownerPlugin.cachedResponseWillBeUsed({ cachedResponse: answerFor(user) })) !== null;

describe('the private caches', () => {
  test('keep and answer nothing before the page has named an owner', async () => {
    expect(await stores(ANONYMOUS)).toBe(false);
    expect(await answers(ANONYMOUS)).toBe(false);
  });

  test('keep and answer only what the server answered to their owner', async () => {
    await ownCaches('lead-1');
    expect(await stores('lead-1')).toBe(true);
    expect(await answers('lead-1')).toBe(true);
    expect(await stores('viewer-2')).toBe(false);
    expect(await stores(ANONYMOUS)).toBe(false);
    expect(await answers(ANONYMOUS)).toBe(false);
    const unnamed = new Response('{}');
    expect(await ownerPlugin.cachedResponseWillBeUsed({ cachedResponse: unnamed })).toBeNull();
  });

  test('are forgotten, and answer nothing of the old owner’s, when another user signs in', async () => {
    await ownCaches('lead-1');
    await keep('/api/violations/42', 'lead-1');
    await ownCaches('viewer-2');
    expect(storage.paths(RECORDS_CACHE)).toEqual([]);
    expect(await answers('lead-1')).toBe(false);
    expect(await answers('viewer-2')).toBe(true);
  });

  test('belong to no one after a sign-out: the public answers only', async () => {
    await ownCaches('lead-1');
    await keep('/api/violations/42', 'lead-1');
    await ownCaches(null);
    expect(storage.paths(RECORDS_CACHE)).toEqual([]);
    expect(await answers('lead-1')).toBe(false);
    expect(await stores(ANONYMOUS)).toBe(true);
  });

  test('keep what was stored for the new owner while the old one’s were forgotten', async () => {
    await ownCaches('lead-1');
    await keep('/api/violations/42', 'lead-1');
    // Written between the hand-over's naming and its sweep: an answer already the viewer's.
    await keep('/api/violations', 'viewer-2');
    await ownCaches('viewer-2');
    expect(storage.paths(RECORDS_CACHE)).toEqual(['/api/violations']);
  });

  test('stay when the same user is seen again (a reload, a new tab)', async () => {
    await ownCaches('lead-1');
    await keep('/api/violations/42', 'lead-1');
    await ownCaches('lead-1');
    expect(storage.paths(RECORDS_CACHE)).toEqual(['/api/violations/42']);
  });

  test('forget what an older version kept without naming whose it was', async () => {
    await (await storage.open(RECORDS_CACHE)).put('/api/violations/42', new Response('{}'));
    await ownCaches(null);
    expect(storage.paths(RECORDS_CACHE)).toEqual([]);
  });
});
