/**
 * Guesses at a password, wherever one is typed (sign-in, the current password when changing it),
 * counted per account and per address in one window: a guesser gains nothing by moving from one
 * form to the other.
 */
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { DomainError } from '../domain/errors.ts';
import { FailureLimiter } from './rate-limit.ts';

const WINDOW_MS = 15 * 60 * 1000;
/** Failures allowed per account in the window: a person mistyping never meets it. */
export const LOGIN_FAILURES_PER_ACCOUNT = 5;
/** Failures allowed per address: an office behind one address has room for several people. */
export const LOGIN_FAILURES_PER_ADDRESS = 20;

function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // app.request() in tests has no socket.
    return 'local';
  }
}

export class PasswordAttempts {
  readonly #perAccount = new FailureLimiter(LOGIN_FAILURES_PER_ACCOUNT, WINDOW_MS);
  readonly #perAddress = new FailureLimiter(LOGIN_FAILURES_PER_ADDRESS, WINDOW_MS);

  /**
   * Starts an attempt for `username` (lower case) at `now`: refuses with `tooMany(wait)` and a
   * Retry-After header while the account or the address is locked. The attempt counts as a
   * failure while its password is checked (a quarter second): counted only afterwards, attempts
   * sent at once would all pass. Answers the function to call when the password was right.
   */
  start(
    c: Context,
    username: string,
    now: number,
    tooMany: (retryMs: number) => DomainError,
  ): () => void {
    const account = `account:${username}`;
    const address = `address:${clientAddress(c)}`;
    const wait = Math.max(
      this.#perAccount.retryAfter(account, now),
      this.#perAddress.retryAfter(address, now),
    );
    if (wait > 0) {
      c.header('Retry-After', String(Math.ceil(wait / 1000)));
      throw tooMany(wait);
    }
    this.#perAccount.fail(account, now);
    this.#perAddress.fail(address, now);
    return () => {
      this.#perAccount.reset(account);
      this.#perAddress.forgive(address, now);
    };
  }
}
