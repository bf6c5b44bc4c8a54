/**
 * Sign-in sessions: a password checked once starts one, its cookie finds it on every request
 * (sliding its expiry forward), signing out ends it. Ending all of a user's is credentials.ts's.
 */
import { publicUser, type PublicUser } from '../domain/access/user.ts';
import { wrongCredentials } from '../domain/access/user-errors.ts';
import type { Store } from '../store/store.ts';
import type { Clock } from '../domain/clock.ts';
import { verifyPassword } from './passwords.ts';
import { hashSecret, newSecret } from './secrets.ts';

/** A session lives this long after its last use: an inspector offline for a week stays signed in. */
export const SESSION_DAYS = 30;
const DAY_MS = 86_400_000;
/** A session's expiry is slid forward at most this often, not on every request. */
const TOUCH_EVERY_MS = 60 * 60 * 1000;

export interface SessionServiceDeps {
  /** Users to check the password and that the account is still enabled. */
  store: Pick<Store, 'users' | 'sessions'>;
  clock: Clock;
}

export interface NewSession {
  user: PublicUser;
  /** The cookie's value: given to the browser once, kept only as a hash. */
  secret: string;
  expiresAt: string;
}

export class SessionService {
  constructor(private readonly deps: SessionServiceDeps) {}

  /** Checks a password; a wrong name, a wrong password and a disabled account look the same. */
  async login(username: string, password: string): Promise<NewSession> {
    const { users, sessions } = this.deps.store;
    const user = await users.byUsername(username);
    const ok = await verifyPassword(password, user?.password_hash ?? null);
    if (!user || !ok || user.disabled_at) throw wrongCredentials();
    const session = await this.start(publicUser(user));
    // A reset or a disabling that landed while the password was checked ended the account's
    // sessions before this one began: read the account again, and end this one too.
    const latest = await users.get(user.id);
    if (!latest || latest.disabled_at || latest.password_hash !== user.password_hash) {
      await sessions.delete(hashSecret(session.secret));
      throw wrongCredentials();
    }
    return session;
  }

  /** A new session for a user who just proved who they are (signed in, changed the password). */
  async start(user: PublicUser): Promise<NewSession> {
    const { sessions } = this.deps.store;
    const now = this.deps.clock.now();
    const secret = newSecret();
    const expiresAt = new Date(now.getTime() + SESSION_DAYS * DAY_MS).toISOString();
    // Nothing else removes sessions that ran out: sweep them as new ones begin.
    await sessions.deleteExpired(now.toISOString());
    await sessions.insert({
      token_hash: hashSecret(secret),
      user_id: user.id,
      created_at: now.toISOString(),
      expires_at: expiresAt,
      last_seen_at: now.toISOString(),
    });
    return { user, secret, expiresAt };
  }

  /**
   * The user a session cookie belongs to, or null. Answers the new expiry when it slid forward,
   * so the cookie can be renewed with it.
   */
  async fromSecret(
    secret: string,
  ): Promise<{ user: PublicUser; renewedUntil: string | null } | null> {
    const { users, sessions } = this.deps.store;
    const hash = hashSecret(secret);
    const session = await sessions.get(hash);
    const now = this.deps.clock.now();
    if (!session || session.expires_at <= now.toISOString()) return null;
    const user = await users.get(session.user_id);
    if (!user || user.disabled_at) return null;
    let renewedUntil: string | null = null;
    if (now.getTime() - Date.parse(session.last_seen_at) >= TOUCH_EVERY_MS) {
      renewedUntil = new Date(now.getTime() + SESSION_DAYS * DAY_MS).toISOString();
      await sessions.touch(hash, now.toISOString(), renewedUntil);
    }
    return { user: publicUser(user), renewedUntil };
  }

  /** Signing out: this session only. */
  async end(secret: string): Promise<void> {
    await this.deps.store.sessions.delete(hashSecret(secret));
  }
}
