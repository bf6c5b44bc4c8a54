/**
 * Who is asking (a session cookie, or a personal API token sent as Bearer or as Basic's password)
 * and what they may do.
 */
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { permissionsOf, type Permission } from '../domain/access/permissions.ts';
import { readOnlyToken } from '../domain/access/token-errors.ts';
import { scopeAllowsMethod, scopedPermissions } from '../domain/access/token-scope.ts';
import { DomainError } from '../domain/errors.ts';
import type { SessionService } from '../services/sessions.ts';
import type { TokenService } from '../services/tokens.ts';
import type { AppEnv } from './env.ts';

export const SESSION_COOKIE = 'uim_session';

function isHttps(c: Context): boolean {
  return new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';
}

/** httpOnly: scripts never see it; Strict: no other site's page sends it, not even by a link. */
export function setSessionCookie(c: Context, secret: string, expiresAt: string): void {
  setCookie(c, SESSION_COOKIE, secret, {
    httpOnly: true,
    sameSite: 'Strict',
    secure: isHttps(c),
    path: '/',
    expires: new Date(expiresAt),
  });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: isHttps(c) });
}

export function sessionSecret(c: Context): string | undefined {
  return getCookie(c, SESSION_COOKIE);
}

function badToken(): DomainError {
  return new DomainError('UNAUTHENTICATED', {
    vi: 'Khóa truy cập (token) không hợp lệ hoặc đã bị thu hồi. Tạo khóa mới trong trang Tài khoản.',
    en: 'The API token is invalid or revoked. Create a new one on the Account page.',
  });
}

/**
 * Basic credentials that did not name a live token of that user. QGIS and GDAL send the account's
 * username and, as its password, a personal API token: an account password here is refused and
 * told why, since it would otherwise sit in a QGIS project file or a shell history.
 */
function badBasic(): DomainError {
  return new DomainError('UNAUTHENTICATED', {
    vi: 'Tên đăng nhập hoặc khóa truy cập không đúng. Với xác thực Basic (QGIS, GDAL), mật khẩu là một khóa truy cập (API token) tạo trong trang Tài khoản, không phải mật khẩu đăng nhập.',
    en: 'Wrong username or API token. With Basic authentication (QGIS, GDAL), the password is a personal API token made on the Account page, never the account password.',
  });
}

/**
 * The token an Authorization header presents: `Bearer <token>`, or `Basic` with the username and
 * the token as its password, the one scheme QGIS's authentication settings and GDAL
 * (GDAL_HTTP_AUTH=BASIC) offer. Null when the header is neither, or malformed.
 */
export function presentedToken(
  authorization: string,
):
  | { scheme: 'bearer'; secret: string }
  | { scheme: 'basic'; username: string; secret: string }
  | null {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
  if (bearer) return { scheme: 'bearer', secret: bearer };
  const basic = /^Basic\s+([A-Za-z0-9+/]+={0,2})\s*$/i.exec(authorization)?.[1];
  if (!basic) return null;
  const pair = Buffer.from(basic, 'base64').toString('utf8');
  const colon = pair.indexOf(':');
  if (colon < 1 || colon === pair.length - 1) return null;
  return { scheme: 'basic', username: pair.slice(0, colon), secret: pair.slice(colon + 1) };
}

/** Where the two kinds of credential are looked up. */
export interface Credentials {
  sessions: SessionService;
  tokens: TokenService;
}

/**
 * Sets `user`, `credential` and `permissions` for every request; anonymous is not an error. A
 * token's permissions are its owner's cut to its scope, and a read-only token's writes are
 * refused here, before any route can act on them.
 */
export function authenticate({ sessions, tokens }: Credentials) {
  return createMiddleware<AppEnv>(async (c, next) => {
    c.set('user', null);
    c.set('credential', null);
    const authorization = c.req.header('authorization');
    if (authorization !== undefined) {
      // A script that sends a token wants to know it is wrong, not to be served as anonymous.
      const presented = presentedToken(authorization);
      const use = presented ? await tokens.fromSecret(presented.secret) : null;
      const basic = presented ? presented.scheme === 'basic' : /^Basic\b/i.test(authorization);
      // Usernames are kept in lower case; QGIS users type them as they like.
      const otherUser =
        presented?.scheme === 'basic' && use?.user.username !== presented.username.toLowerCase();
      if (!use || otherUser) throw basic ? badBasic() : badToken();
      if (!scopeAllowsMethod(use.scope, c.req.method)) throw readOnlyToken(c.req.method);
      c.set('user', use.user);
      c.set('credential', basic ? 'basic' : 'token');
      c.set('permissions', scopedPermissions(permissionsOf(use.user), use.scope));
    } else {
      const secret = sessionSecret(c);
      const session = secret ? await sessions.fromSecret(secret) : null;
      if (session) {
        c.set('user', session.user);
        c.set('credential', 'session');
        if (session.renewedUntil) setSessionCookie(c, secret!, session.renewedUntil);
      } else if (secret) {
        clearSessionCookie(c);
      }
      c.set('permissions', permissionsOf(c.get('user')));
    }
    await next();
  });
}

export function unauthenticated(): DomainError {
  return new DomainError('UNAUTHENTICATED', {
    vi: 'Cần đăng nhập để làm việc này.',
    en: 'Sign in to do this.',
  });
}

/**
 * Refuses unless the caller holds the permission (or one of several): 401 for anonymous, 403 for
 * the signed-in.
 */
export function requirePermission(...anyOf: [Permission, ...Permission[]]) {
  const permission = anyOf.join(' | ');
  return createMiddleware<AppEnv>(async (c, next) => {
    const held = c.get('permissions');
    if (!anyOf.some((p) => held.has(p))) {
      if (!c.get('user')) throw unauthenticated();
      throw new DomainError(
        'FORBIDDEN',
        {
          vi: `Tài khoản của bạn không có quyền này (${permission}). Liên hệ quản trị nếu cần.`,
          en: `Your account does not have this permission (${permission}). Ask an admin if you need it.`,
        },
        { permission },
      );
    }
    await next();
  });
}

/** Any signed-in user: their own account, password and tokens. */
export const requireSignedIn = createMiddleware<AppEnv>(async (c, next) => {
  if (!c.get('user')) throw unauthenticated();
  await next();
});
