/**
 * The app's own origin: the base of the absolute links that OGC API and Open311 clients follow,
 * and what a browser's Origin must be for a write made with the session cookie.
 *
 * The Host header is the client's to write, so it never names the origin: `Host: evil.example`
 * would otherwise put http://evil.example/… into every link QGIS follows. In order:
 * - PUBLIC_URL, when the deployment names its address;
 * - behind proxies the deployment trusts (TRUST_PROXY), X-Forwarded-Proto and X-Forwarded-Host as
 *   the nearest proxy wrote them;
 * - otherwise the address the connection really reached (the socket's own end), which no header
 *   can change. On loopback a page may have been opened as localhost, 127.0.0.1 or [::1]: its
 *   writes are the app's own whichever name it used.
 */
import type { Context } from 'hono';
import { localEnd } from './client-address.ts';

export interface OriginSettings {
  /** PUBLIC_URL's origin (`https://host[:port]`, no path), or null. */
  publicUrl: string | null;
  /** TRUST_PROXY: how many proxies in front are trusted to write X-Forwarded-* (0: none). */
  trustProxy: number;
}

export const NO_PUBLIC_URL: OriginSettings = { publicUrl: null, trustProxy: 0 };

/** The origins a request's own pages may have: the first is the one links are written with. */
export function appOrigins(c: Context, settings: OriginSettings): string[] {
  if (settings.publicUrl) return [settings.publicUrl];
  if (settings.trustProxy > 0) {
    const forwarded = forwardedOrigin(c);
    if (forwarded) return [forwarded];
  }
  return socketOrigins(c);
}

/** The origin absolute links are written with. */
export function appOrigin(c: Context, settings: OriginSettings): string {
  return appOrigins(c, settings)[0]!;
}

/** A proxy that sets the header writes the last entry; earlier ones came from further out. */
function lastEntry(header: string | undefined): string | undefined {
  const entries = (header ?? '').split(',').map((e) => e.trim());
  return entries[entries.length - 1] || undefined;
}

/** A host with an optional port: a DNS name, IPv4, or IPv6 in brackets. Nothing else. */
const HOST =
  /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

function forwardedOrigin(c: Context): string | null {
  const host = lastEntry(c.req.header('x-forwarded-host'));
  if (!host || !HOST.test(host)) return null;
  const proto = lastEntry(c.req.header('x-forwarded-proto'))?.toLowerCase();
  const scheme = proto === 'https' || proto === 'http' ? proto : 'http';
  return new URL(`${scheme}://${host}`).origin;
}

const LOOPBACK = /^(?:127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

function socketOrigins(c: Context): string[] {
  const end = localEnd(c);
  // app.request() in tests has no socket: it is served as http://localhost.
  if (!end) return ['http://localhost'];
  const scheme = end.encrypted ? 'https' : 'http';
  const port = `:${end.port}`;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(end.address)?.[1];
  const host = mapped ?? (end.address.includes(':') ? `[${end.address}]` : end.address);
  const reached = new URL(`${scheme}://${host}${port}`).origin;
  if (!LOOPBACK.test(end.address)) return [reached];
  // Links name the address itself; a page opened by any loopback name is the app's own.
  const aliases = ['localhost', '127.0.0.1', '[::1]'].map(
    (h) => new URL(`${scheme}://${h}${port}`).origin,
  );
  return [reached, ...aliases.filter((a) => a !== reached)];
}

/**
 * PUBLIC_URL as an origin, or a message saying what is wrong with it: links are built from the
 * origin alone, so a path, query or user name would be silently lost.
 */
export function publicUrlFrom(value: string | undefined): string | null {
  if (value === undefined || value.trim() === '') return null;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new Error(
      `PUBLIC_URL must be an address like https://bando.backan.gov.vn, not "${value}"`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`PUBLIC_URL must start with https:// or http://, not "${value}"`);
  }
  if (url.pathname !== '/' || url.search || url.hash || url.username || url.password) {
    throw new Error(
      `PUBLIC_URL must be the address of the app's root, with no path, query or user (${url.origin}), not "${value}"`,
    );
  }
  return url.origin;
}
