/** Where sign-in returns to (`/login?next=…`): a page of this app, never another site. */

/** A stand-in origin: only whether `next` stays on it matters, not which it is. */
const HERE = 'https://app.invalid';

/**
 * The path, query and hash of `next` when it is a page of this app; '/' (the map) for anything
 * else: another site (`//host`, `/\host`, which browsers read as `//host`), another scheme
 * (`javascript:`), or the sign-in page itself. Never throws.
 */
export function safeNext(next: string | null): string {
  if (!next?.startsWith('/') || next.includes('\\')) return '/';
  let url: URL;
  try {
    url = new URL(next, HERE);
  } catch {
    return '/';
  }
  if (url.origin !== HERE || url.pathname === '/login') return '/';
  return url.pathname + url.search + url.hash;
}
