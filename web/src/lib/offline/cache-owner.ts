/**
 * The device's private caches belong to one user at a time. The page names that user whenever
 * it learns who is signed in (or that no one is); a different user than the one who filled the
 * caches makes it forget what they hold. The worker reads the name (owner-plugin.ts) and
 * answers only the owner's entries.
 */
import { ANONYMOUS, ANSWER_OWNER_HEADER } from '../../../../server/domain/access/answer-owner.ts';
import { OWNER_CACHE, OWNER_KEY, PRIVATE_CACHES } from './cache-names.ts';

let applying: Promise<void> = Promise.resolve();

/**
 * Makes `userId` (null: nobody signed in) the owner of the device's private caches. From the
 * moment it resolves the worker neither answers nor stores anything of a previous owner's, and
 * what they left is gone. Calls take effect in the order they are made.
 */
export function ownCaches(userId: string | null): Promise<void> {
  applying = applying
    .then(() => apply(userId ?? ANONYMOUS))
    .catch((e: unknown) => {
      // No Cache Storage (private browsing, quota): nothing is kept for offline use either.
      console.warn('offline caches not handed over:', e);
    });
  return applying;
}

async function apply(owner: string): Promise<void> {
  if (typeof caches === 'undefined') return;
  const names = await caches.open(OWNER_CACHE);
  const previous = await (await names.match(OWNER_KEY))?.text();
  if (previous === owner) return;
  // The new name first: from here on the worker gives nothing of the old owner's back, and
  // keeps nothing more of theirs.
  await names.put(OWNER_KEY, new Response(owner));
  await forgetAllBut(owner);
}

/**
 * Forgets every kept answer that is not the owner's. Entry by entry rather than whole caches: an
 * answer the worker stored for the new owner meanwhile stays.
 */
async function forgetAllBut(owner: string): Promise<void> {
  for (const name of PRIVATE_CACHES) {
    if (!(await caches.has(name))) continue;
    const cache = await caches.open(name);
    const requests = await cache.keys();
    await Promise.all(
      requests.map(async (request) => {
        const kept = await cache.match(request);
        if (kept?.headers.get(ANSWER_OWNER_HEADER) !== owner) await cache.delete(request);
      }),
    );
  }
}
