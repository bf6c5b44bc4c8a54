/**
 * /api/auth: sign in and out, who am I, one's own password and personal API tokens. Sign-in is
 * rate-limited per account and per address; nothing else is.
 */
import { Hono, type Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
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
import { FailureLimiter } from '../http/rate-limit.ts';
import { jsonBody, pathParams } from '../http/validate.ts';
import type { AccountService } from '../services/accounts.ts';
import type { Clock } from '../services/clock.ts';

const WINDOW_MS = 15 * 60 * 1000;
/** Failures allowed per account in the window: a person mistyping never meets it. */
export const LOGIN_FAILURES_PER_ACCOUNT = 5;
/** Failures allowed per address: an office behind one address has room for several people. */
export const LOGIN_FAILURES_PER_ADDRESS = 20;

const idParam = z.object({ id: z.string().max(100) });

function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // app.request() in tests has no socket.
    return 'local';
  }
}

function tooManyAttempts(retryMs: number): DomainError {
  const minutes = Math.max(1, Math.ceil(retryMs / 60_000));
  return new DomainError(
    'TOO_MANY_REQUESTS',
    {
      vi: `Đăng nhập sai quá nhiều lần. Thử lại sau ${minutes} phút.`,
      en: `Too many failed sign-ins. Try again in ${minutes} minute${minutes > 1 ? 's' : ''}.`,
    },
    { retry_after_seconds: Math.ceil(retryMs / 1000) },
  );
}

export function authRoutes(accounts: AccountService, clock: Clock) {
  const perAccount = new FailureLimiter(LOGIN_FAILURES_PER_ACCOUNT, WINDOW_MS);
  const perAddress = new FailureLimiter(LOGIN_FAILURES_PER_ADDRESS, WINDOW_MS);

  return new Hono<AppEnv>()
    .post('/login', jsonBody(loginSchema), async (c) => {
      const { username, password } = c.req.valid('json');
      const now = clock.now().getTime();
      const keys = [`account:${username}`, `address:${clientAddress(c)}`];
      const wait = Math.max(
        perAccount.retryAfter(keys[0]!, now),
        perAddress.retryAfter(keys[1]!, now),
      );
      if (wait > 0) {
        c.header('Retry-After', String(Math.ceil(wait / 1000)));
        throw tooManyAttempts(wait);
      }
      // The attempt counts as a failure while its password is checked (a quarter second):
      // counted only afterwards, attempts sent at once would all pass the check above.
      perAccount.fail(keys[0]!, now);
      perAddress.fail(keys[1]!, now);
      const session = await accounts.login(username, password);
      perAccount.reset(keys[0]!);
      perAddress.forgive(keys[1]!, now);
      setSessionCookie(c, session.secret, session.expiresAt);
      return c.json({ user: session.user, permissions: [...permissionsOf(session.user)].sort() });
    })
    .post('/logout', async (c) => {
      const secret = sessionSecret(c);
      if (secret) await accounts.logout(secret);
      clearSessionCookie(c);
      return c.body(null, 204);
    })
    .get('/me', (c) => {
      return c.json({ user: c.get('user'), permissions: [...c.get('permissions')].sort() });
    })
    .post('/password', requireSignedIn, jsonBody(passwordChangeSchema), async (c) => {
      const user = c.get('user')!;
      const body = c.req.valid('json');
      await accounts.changePassword(user.id, body.current_password, body.new_password);
      // Every session ended with the old password; this browser goes on with a new one.
      if (c.get('credential') === 'session') {
        const session = await accounts.startSession(user);
        setSessionCookie(c, session.secret, session.expiresAt);
      }
      return c.body(null, 204);
    })
    .get('/tokens', requireSignedIn, async (c) => {
      return c.json({ tokens: await accounts.listTokens(c.get('user')!.id) });
    })
    .post('/tokens', requireSignedIn, jsonBody(tokenCreateSchema), async (c) => {
      const { name } = c.req.valid('json');
      const { token, record } = await accounts.createToken(c.get('user')!.id, name);
      // The secret is in this answer only; the server keeps its hash.
      return c.json({ token, ...record }, 201);
    })
    .post('/tokens/:id/revoke', requireSignedIn, pathParams(idParam), async (c) => {
      return c.json(await accounts.revokeToken(c.req.valid('param').id, c.get('user')!));
    });
}
