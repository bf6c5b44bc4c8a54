/**
 * /api/auth: sign in and out, who am I, one's own password and personal API tokens. Every
 * password typed (sign-in, the current one when changing it) is rate-limited per account and per
 * address, in one count.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { permissionsOf } from '../domain/access/permissions.ts';
import { loginSchema, passwordChangeSchema, tokenCreateSchema } from '../domain/access/user.ts';
import { DomainError } from '../domain/errors.ts';
import {
  clearSessionCookie,
  requireSignedIn,
  sessionSecret,
  setSessionCookie,
} from '../http/auth.ts';
import type { AppEnv } from '../http/env.ts';
import { PasswordAttempts } from '../http/password-attempts.ts';
import { jsonBody, pathParams } from '../http/validate.ts';
import type { Clock } from '../domain/clock.ts';
import type { PasswordChangeService } from '../services/password-changes.ts';
import type { SessionService } from '../services/sessions.ts';
import type { TokenService } from '../services/tokens.ts';

export {
  LOGIN_FAILURES_PER_ACCOUNT,
  LOGIN_FAILURES_PER_ADDRESS,
} from '../http/password-attempts.ts';

const idParam = z.object({ id: z.string().max(100) });

/** 429 with the wait in minutes; `what` says which password was wrong too often. */
function tooManyAttempts(what: 'sign-in' | 'current-password', retryMs: number): DomainError {
  const minutes = Math.max(1, Math.ceil(retryMs / 60_000));
  const plural = minutes > 1 ? 's' : '';
  return new DomainError(
    'TOO_MANY_REQUESTS',
    what === 'sign-in'
      ? {
          vi: `Đăng nhập sai quá nhiều lần. Thử lại sau ${minutes} phút.`,
          en: `Too many failed sign-ins. Try again in ${minutes} minute${plural}.`,
        }
      : {
          vi: `Nhập sai mật khẩu hiện tại quá nhiều lần. Thử lại sau ${minutes} phút.`,
          en: `The current password was wrong too many times. Try again in ${minutes} minute${plural}.`,
        },
    { retry_after_seconds: Math.ceil(retryMs / 1000) },
  );
}

/** What signing in, one's own password and one's own tokens need. */
export interface AuthRouteDeps {
  sessions: SessionService;
  passwords: PasswordChangeService;
  tokens: TokenService;
  clock: Clock;
}

export function authRoutes({ sessions, passwords, tokens, clock }: AuthRouteDeps) {
  const attempts = new PasswordAttempts();

  return new Hono<AppEnv>()
    .post('/login', jsonBody(loginSchema), async (c) => {
      const { username, password } = c.req.valid('json');
      const succeeded = attempts.start(c, username, clock.now().getTime(), (wait) =>
        tooManyAttempts('sign-in', wait),
      );
      const session = await sessions.login(username, password);
      succeeded();
      setSessionCookie(c, session.secret, session.expiresAt);
      return c.json({ user: session.user, permissions: [...permissionsOf(session.user)].sort() });
    })
    .post('/logout', async (c) => {
      const secret = sessionSecret(c);
      if (secret) await sessions.end(secret);
      clearSessionCookie(c);
      return c.body(null, 204);
    })
    .get('/me', (c) => {
      return c.json({ user: c.get('user'), permissions: [...c.get('permissions')].sort() });
    })
    .post('/password', requireSignedIn, jsonBody(passwordChangeSchema), async (c) => {
      const user = c.get('user')!;
      const body = c.req.valid('json');
      // Someone at an unlocked screen (or holding a stolen token) must not get to guess freely.
      const succeeded = attempts.start(c, user.username.toLowerCase(), clock.now().getTime(), (w) =>
        tooManyAttempts('current-password', w),
      );
      await passwords.change(user.id, body.current_password, body.new_password);
      succeeded();
      // Every session ended with the old password; this browser goes on with a new one.
      if (c.get('credential') === 'session') {
        const session = await sessions.start(user);
        setSessionCookie(c, session.secret, session.expiresAt);
      }
      return c.body(null, 204);
    })
    .get('/tokens', requireSignedIn, async (c) => {
      return c.json({ tokens: await tokens.list(c.get('user')!.id) });
    })
    .post('/tokens', requireSignedIn, jsonBody(tokenCreateSchema), async (c) => {
      const { name, scope, expires_on } = c.req.valid('json');
      const { token, record } = await tokens.create(c.get('user')!.id, name, {
        scope,
        expires_on,
        held: c.get('permissions'),
      });
      // The secret is in this answer only; the server keeps its hash.
      return c.json({ token, ...record }, 201);
    })
    .post('/tokens/:id/revoke', requireSignedIn, pathParams(idParam), async (c) => {
      const { id } = c.req.valid('param');
      return c.json(await tokens.revoke(id, c.get('user')!.id, c.get('permissions')));
    });
}
