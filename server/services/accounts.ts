/**
 * Accounts: the first admin, sign-in with sessions, personal API tokens, users managed by admins.
 * Every change goes through the store with who made it, so the audit log shows it.
 */
import { localDate } from '../domain/dates.ts';
import { DomainError } from '../domain/errors.ts';
import { permissionsOf, type Permission } from '../domain/access/permissions.ts';
import { adminScopeRefused, expiryInPast, tokenExpired } from '../domain/access/token-errors.ts';
import { DEFAULT_TOKEN_SCOPE, type TokenScope } from '../domain/access/token-scope.ts';
import {
  publicUser,
  type ApiToken,
  type PublicUser,
  type User,
  type UserCreate,
  type UserUpdate,
} from '../domain/access/user.ts';
import type { Store } from '../store/store.ts';
import type { Clock } from './clock.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { hashSecret, newSecret } from './secrets.ts';

/** A session lives this long after its last use: an inspector offline for a week stays signed in. */
export const SESSION_DAYS = 30;
const DAY_MS = 86_400_000;
/** A session's expiry is slid forward at most this often, not on every request. */
const TOUCH_EVERY_MS = 60 * 60 * 1000;
/** API tokens start with this, so a leaked one is easy to recognise in logs and code. */
export const TOKEN_PREFIX = 'uim_';

export interface AccountServiceDeps {
  store: Store;
  clock: Clock;
}

function userNotFound(id: string): DomainError {
  return new DomainError(
    'NOT_FOUND',
    { vi: `Không tìm thấy người dùng ${id}.`, en: `User ${id} was not found.` },
    { id },
  );
}

export function wrongCredentials(): DomainError {
  return new DomainError('UNAUTHENTICATED', {
    vi: 'Sai tên đăng nhập hoặc mật khẩu.',
    en: 'Wrong username or password.',
  });
}

function usernameTaken(username: string): DomainError {
  return new DomainError(
    'USERNAME_TAKEN',
    {
      vi: `Tên đăng nhập "${username}" đã có người dùng. Chọn tên khác.`,
      en: `The username "${username}" is taken. Choose another.`,
    },
    { username },
  );
}

function userConflict(): DomainError {
  return new DomainError('CONFLICT', {
    vi: 'Tài khoản vừa được người khác thay đổi. Hãy tải lại rồi thử lại.',
    en: 'Someone else changed this account meanwhile. Reload it and try again.',
  });
}

/** What a Bearer token stands for on one request: its owner, with the scope it was made for. */
export interface TokenUse {
  user: PublicUser;
  scope: TokenScope;
}

/** Why a user's tokens were revoked all at once: the version's action in the audit log. */
export type MassRevocation = 'revoke:password-change' | 'revoke:password-reset' | 'revoke:disable';

export interface NewSession {
  user: PublicUser;
  /** The cookie's value: given to the browser once, kept only as a hash. */
  secret: string;
  expiresAt: string;
}

export class AccountService {
  constructor(private readonly deps: AccountServiceDeps) {}

  #now(): string {
    return this.deps.clock.now().toISOString();
  }

  /** True when no one can sign in yet: the server then says how to create the first admin. */
  async needsFirstAdmin(): Promise<boolean> {
    return (await this.deps.store.users.count()) === 0;
  }

  /** Creates the first admin from the environment; does nothing once any user exists. */
  async ensureFirstAdmin(username: string, password: string): Promise<PublicUser | null> {
    if (!(await this.needsFirstAdmin())) return null;
    return this.createUser(
      { username, password, display_name: username, roles: ['admin'] },
      null,
      'first admin from ADMIN_USERNAME',
    );
  }

  async createUser(input: UserCreate, by: string | null, reason?: string): Promise<PublicUser> {
    if (await this.deps.store.users.byUsername(input.username)) {
      throw usernameTaken(input.username);
    }
    const now = this.#now();
    const user: User = {
      id: crypto.randomUUID(),
      username: input.username,
      display_name: input.display_name,
      roles: [...new Set(input.roles)],
      password_hash: await hashPassword(input.password),
      password_changed_at: now,
      disabled_at: null,
      created_at: now,
      updated_at: now,
      version: 1,
    };
    // Checked again by the insert: another account may have taken the name meanwhile.
    if (!(await this.deps.store.users.insert(user, { user: by, at: now, reason }))) {
      throw usernameTaken(input.username);
    }
    return publicUser(user);
  }

  async listUsers(): Promise<PublicUser[]> {
    return (await this.deps.store.users.list()).map(publicUser);
  }

  async getUser(id: string): Promise<PublicUser> {
    const user = await this.deps.store.users.get(id);
    if (!user) throw userNotFound(id);
    return publicUser(user);
  }

  /** Display name, roles, disabled; an admin cannot take away their own admin role or account. */
  /** `by` is null when the change comes from the server's shell (npm run users). */
  async updateUser(id: string, patch: UserUpdate, by: PublicUser | null): Promise<PublicUser> {
    const current = await this.deps.store.users.get(id);
    if (!current) throw userNotFound(id);
    if (patch.version !== undefined && patch.version !== current.version) throw userConflict();
    if (id === by?.id && (patch.disabled || (patch.roles && !patch.roles.includes('admin')))) {
      throw new DomainError('FORBIDDEN', {
        vi: 'Không thể tự khóa tài khoản hay tự bỏ quyền quản trị của mình. Nhờ một quản trị khác.',
        en: 'You cannot disable yourself or drop your own admin role. Ask another admin.',
      });
    }
    const now = this.#now();
    const disabledAt =
      patch.disabled === undefined
        ? current.disabled_at
        : patch.disabled
          ? (current.disabled_at ?? now)
          : null;
    const next: User = {
      ...current,
      display_name: patch.display_name ?? current.display_name,
      roles: patch.roles ? [...new Set(patch.roles)] : current.roles,
      disabled_at: disabledAt,
      updated_at: now,
      version: current.version + 1,
    };
    const action =
      patch.disabled === true ? 'disable' : patch.disabled === false ? 'enable' : 'update';
    await this.#save(next, current.version, action, by?.id ?? null, patch.reason);
    if (next.disabled_at) {
      await this.deps.store.sessions.deleteForUser(id);
      // Revoked, not only refused while disabled: enabling the account again must not bring
      // back tokens that may be why it was disabled.
      await this.#revokeTokens(id, 'revoke:disable', by?.id ?? null, now, patch.reason);
    }
    return publicUser(next);
  }

  /** An admin sets a new password; the user is signed out everywhere, tokens included. */
  async resetPassword(
    id: string,
    password: string,
    by: string | null,
    reason?: string,
  ): Promise<void> {
    const current = await this.deps.store.users.get(id);
    if (!current) throw userNotFound(id);
    await this.#setPassword(current, password, 'password:reset', by, reason);
  }

  /**
   * The user changes their own password, proving they know the current one. Their sessions and
   * tokens end: a password changed because it leaked must take what was got with it along.
   */
  async changePassword(id: string, currentPassword: string, password: string): Promise<void> {
    const current = await this.deps.store.users.get(id);
    if (!current) throw userNotFound(id);
    if (!(await verifyPassword(currentPassword, current.password_hash))) {
      throw new DomainError(
        'VALIDATION_FAILED',
        { vi: 'Mật khẩu hiện tại không đúng.', en: 'The current password is wrong.' },
        [{ path: 'current_password', message: 'wrong' }],
      );
    }
    await this.#setPassword(current, password, 'password:change', id);
  }

  async #setPassword(
    current: User,
    password: string,
    action: 'password:change' | 'password:reset',
    by: string | null,
    reason?: string,
  ): Promise<void> {
    const hash = await hashPassword(password);
    // Read again after the slow hash: someone may have changed the account meanwhile.
    const fresh = (await this.deps.store.users.get(current.id)) ?? current;
    const now = this.#now();
    await this.#save(
      {
        ...fresh,
        password_hash: hash,
        password_changed_at: now,
        updated_at: now,
        version: fresh.version + 1,
      },
      fresh.version,
      action,
      by,
      reason,
    );
    await this.deps.store.sessions.deleteForUser(current.id);
    const why = action === 'password:change' ? 'revoke:password-change' : 'revoke:password-reset';
    await this.#revokeTokens(current.id, why, by, now, reason);
  }

  async #revokeTokens(
    userId: string,
    action: MassRevocation,
    by: string | null,
    at: string,
    reason?: string,
  ): Promise<void> {
    await this.deps.store.tokens.revokeForUser(userId, action, { user: by, at, reason });
  }

  async #save(
    next: User,
    expected: number,
    action: string,
    by: string | null,
    reason?: string,
  ): Promise<void> {
    const ok = await this.deps.store.users.update(next, expected, action, {
      user: by,
      at: next.updated_at,
      reason,
    });
    if (!ok) throw userConflict();
  }

  /** Checks a password; a wrong name, a wrong password and a disabled account look the same. */
  async login(username: string, password: string): Promise<NewSession> {
    const user = await this.deps.store.users.byUsername(username);
    const ok = await verifyPassword(password, user?.password_hash ?? null);
    if (!user || !ok || user.disabled_at) throw wrongCredentials();
    const session = await this.startSession(publicUser(user));
    // A reset or a disabling that landed while the password was checked ended the account's
    // sessions before this one began: read the account again, and end this one too.
    const latest = await this.deps.store.users.get(user.id);
    if (!latest || latest.disabled_at || latest.password_hash !== user.password_hash) {
      await this.deps.store.sessions.delete(hashSecret(session.secret));
      throw wrongCredentials();
    }
    return session;
  }

  /** A new session for a user who just proved who they are (signed in, changed the password). */
  async startSession(user: PublicUser): Promise<NewSession> {
    const now = this.deps.clock.now();
    const secret = newSecret();
    const expiresAt = new Date(now.getTime() + SESSION_DAYS * DAY_MS).toISOString();
    // Nothing else removes sessions that ran out: sweep them as new ones begin.
    await this.deps.store.sessions.deleteExpired(now.toISOString());
    await this.deps.store.sessions.insert({
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
  async fromSession(
    secret: string,
  ): Promise<{ user: PublicUser; renewedUntil: string | null } | null> {
    const hash = hashSecret(secret);
    const session = await this.deps.store.sessions.get(hash);
    const now = this.deps.clock.now();
    if (!session || session.expires_at <= now.toISOString()) return null;
    const user = await this.deps.store.users.get(session.user_id);
    if (!user || user.disabled_at) return null;
    let renewedUntil: string | null = null;
    if (now.getTime() - Date.parse(session.last_seen_at) >= TOUCH_EVERY_MS) {
      renewedUntil = new Date(now.getTime() + SESSION_DAYS * DAY_MS).toISOString();
      await this.deps.store.sessions.touch(hash, now.toISOString(), renewedUntil);
    }
    return { user: publicUser(user), renewedUntil };
  }

  async logout(secret: string): Promise<void> {
    await this.deps.store.sessions.delete(hashSecret(secret));
  }

  /**
   * Who an API token stands for and with what scope, or null when it is unknown, revoked or its
   * user disabled. An expired token is an error of its own: its owner needs to know to renew it.
   */
  async fromToken(secret: string): Promise<TokenUse | null> {
    const token = await this.deps.store.tokens.byHash(hashSecret(secret));
    if (!token) return null;
    const user = await this.deps.store.users.get(token.user_id);
    if (!user || user.disabled_at) return null;
    // It works through its last day, office time.
    if (token.expires_on && localDate(this.deps.clock.now()) > token.expires_on) {
      throw tokenExpired(token.expires_on);
    }
    const now = this.#now();
    // Once an hour is enough to tell an unused token from a live one.
    if (!token.last_used_at || Date.parse(now) - Date.parse(token.last_used_at) >= TOUCH_EVERY_MS) {
      await this.deps.store.tokens.touch(token.id, now);
    }
    return { user: publicUser(user), scope: token.scope };
  }

  /**
   * A new personal token; its secret is in the answer and nowhere else. `held` is what the
   * request that asks for it may do (a session: the user's roles; a token: its scope): the
   * `admin` scope needs user administration in hand, so no token can mint a stronger one.
   */
  async createToken(
    userId: string,
    name: string,
    options: {
      scope?: TokenScope;
      expires_on?: string | null;
      held?: ReadonlySet<Permission>;
    } = {},
  ): Promise<{ token: string; record: ApiToken }> {
    const scope = options.scope ?? DEFAULT_TOKEN_SCOPE;
    const expiresOn = options.expires_on ?? null;
    if (scope === 'admin') {
      const owner = await this.deps.store.users.get(userId);
      const held = options.held ?? permissionsOf(owner ?? null);
      if (!owner || !held.has('users:manage')) throw adminScopeRefused();
    }
    if (expiresOn && expiresOn < localDate(this.deps.clock.now())) throw expiryInPast(expiresOn);
    const now = this.#now();
    const token = newSecret(TOKEN_PREFIX);
    const record: ApiToken = {
      id: crypto.randomUUID(),
      user_id: userId,
      name,
      scope,
      expires_on: expiresOn,
      created_at: now,
      last_used_at: null,
      revoked_at: null,
    };
    await this.deps.store.tokens.insert(record, hashSecret(token), { user: userId, at: now });
    return { token, record };
  }

  async listTokens(userId: string): Promise<ApiToken[]> {
    return await this.deps.store.tokens.listForUser(userId);
  }

  /**
   * Revokes one of the user's tokens; with user administration in `held` (an admin's session or
   * admin-scoped token), anyone's.
   */
  async revokeToken(id: string, by: string, held: ReadonlySet<Permission>): Promise<ApiToken> {
    const token = await this.deps.store.tokens.get(id);
    const mine = token?.user_id === by;
    if (!token || (!mine && !held.has('users:manage'))) {
      throw new DomainError(
        'NOT_FOUND',
        { vi: `Không tìm thấy khóa truy cập ${id}.`, en: `API token ${id} was not found.` },
        { id },
      );
    }
    const at = this.#now();
    await this.deps.store.tokens.revoke(id, { user: by, at });
    return (await this.deps.store.tokens.get(id))!;
  }
}
