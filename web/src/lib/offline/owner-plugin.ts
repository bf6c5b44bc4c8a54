/**
 * A Workbox plugin for the private caches, run in the service worker: an answer is stored only
 * when the server said it was for the device's owner (the page names the owner, cache-owner.ts),
 * and a stored one is given back only while that is still so. A user who comes after, or an
 * anonymous visitor, is never answered what another read, even if the page failed to clear it.
 *
 * Workbox writes these functions into sw.js as their source text (vite.config.ts): they may not
 * use anything from outside their own body, hence the names written out. cache-names.ts and
 * server/domain/access/answer-owner.ts hold the same names; test/web/offline/owner-plugin.test.ts
 * runs these against the page's side to keep them in step.
 */
type Answer = { response: Response };
type Stored = { cachedResponse?: Response };

export const ownerPlugin = {
  cacheWillUpdate: async ({ response }: Answer): Promise<Response | null> => {
    const owner = await (await caches.match('/__uim/owner', { cacheName: 'uim-owner' }))?.text();
    const whose = response.headers.get('X-Uim-User');
    return owner && whose === owner ? response : null;
  },
  cachedResponseWillBeUsed: async ({ cachedResponse }: Stored): Promise<Response | null> => {
    if (!cachedResponse) return null;
    const owner = await (await caches.match('/__uim/owner', { cacheName: 'uim-owner' }))?.text();
    const whose = cachedResponse.headers.get('X-Uim-User');
    return owner && whose === owner ? cachedResponse : null;
  },
};
