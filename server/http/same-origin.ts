/**
 * The same-origin check that keeps another site from writing with a signed-in user's cookie.
 */
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { DomainError } from '../domain/errors.ts';
import type { AppEnv } from './env.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameHost(c: Context, origin: string): boolean {
  try {
    // Host only: behind a TLS proxy the app sees http while the browser says https.
    return new URL(origin).host === new URL(c.req.url).host;
  } catch {
    return false;
  }
}

/**
 * A write made with a session cookie must come from the app's own pages: its Origin is the
 * app's. Token requests carry no ambient credential and need no check. Sign-in is checked when
 * a browser sends an Origin, so another site cannot sign a visitor into an account of its own.
 */
export function sameOriginWrites(isLogin: (path: string) => boolean) {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (!SAFE_METHODS.has(c.req.method)) {
      const origin = c.req.header('origin');
      const cookieWrite = c.get('credential') === 'session';
      const checked = cookieWrite || (isLogin(c.req.path) && origin !== undefined);
      if (checked && (origin === undefined || !sameHost(c, origin))) {
        throw new DomainError(
          'CSRF',
          {
            vi: 'Yêu cầu không đến từ trang của ứng dụng nên bị từ chối. Mở ứng dụng rồi thử lại.',
            en: "The request did not come from the app's own page and was refused. Open the app and try again.",
          },
          { origin: origin ?? null },
        );
      }
    }
    await next();
  });
}
