/**
 * The same-origin check that keeps another site from writing with a signed-in user's cookie.
 */
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { DomainError } from '../domain/errors.ts';
import type { AppEnv } from './env.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function isAppOrigin(c: Context<AppEnv>, origin: string): boolean {
  try {
    // Scheme, host and port: http://localhost:8080 is not https://localhost:8080's page.
    return c.get('origins').includes(new URL(origin).origin);
  } catch {
    return false;
  }
}

/**
 * A write made with a session cookie must come from the app's own pages: its Origin is the
 * app's (PUBLIC_URL, or as http/public-origin.ts finds it), never whatever the Host header says.
 * Bearer token requests carry no ambient credential and need no check. Sign-in is checked when
 * a browser sends an Origin, so another site cannot sign a visitor into an account of its own.
 */
export function sameOriginWrites(isLogin: (path: string) => boolean) {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (!SAFE_METHODS.has(c.req.method)) {
      const origin = c.req.header('origin');
      const credential = c.get('credential');
      const cookieWrite = credential === 'session';
      // A browser that was once given Basic credentials sends them again by itself, to any page's
      // form: those writes must come from the app's pages too. GIS clients send no Origin.
      const browserBasic = credential === 'basic' && origin !== undefined;
      const checked = cookieWrite || browserBasic || (isLogin(c.req.path) && origin !== undefined);
      if (checked && (origin === undefined || !isAppOrigin(c, origin))) {
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
