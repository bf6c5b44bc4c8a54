/**
 * Personal API tokens for scripts and GIS clients: made with a scope and an optional last day,
 * listed, revoked one by one, and looked up by their secret on every Bearer request. Revoking all
 * of a user's at once is credentials.ts's.
 */
import { localDate } from '../domain/dates.ts';
import { permissionsOf, type Permission } from '../domain/access/permissions.ts';
import {
  adminScopeRefused,
  expiryInPast,
  tokenExpired,
  tokenNotFound,
} from '../domain/access/token-errors.ts';
import { DEFAULT_TOKEN_SCOPE, type TokenScope } from '../domain/access/token-scope.ts';
import { publicUser, type ApiToken, type PublicUser } from '../domain/access/user.ts';
import type { Store } from '../store/store.ts';
import type { Clock } from '../domain/clock.ts';
import { hashSecret, newSecret } from './secrets.ts';

/** API tokens start with this, so a leaked one is easy to recognise in logs and code. */
export const TOKEN_PREFIX = 'uim_';
/** Once an hour is enough to tell an unused token from a live one. */
const TOUCH_EVERY_MS = 60 * 60 * 1000;

export interface TokenServiceDeps {
  /** Users for the owner: a disabled one's tokens do nothing, an admin scope needs an admin. */
  store: Pick<Store, 'users' | 'tokens'>;
  clock: Clock;
}

/** What a Bearer token stands for on one request: its owner, with the scope it was made for. */
export interface TokenUse {
  user: PublicUser;
  scope: TokenScope;
}

export interface TokenOptions {
  scope?: TokenScope;
  expires_on?: string | null;
  /** What the request asking for the token may do; the owner's roles when not given. */
  held?: ReadonlySet<Permission>;
}

export class TokenService {
  constructor(private readonly deps: TokenServiceDeps) {}

  /**
   * A new personal token; its secret is in the answer and nowhere else. `held` is what the
   * request that asks for it may do (a session: the user's roles; a token: its scope): the
   * `admin` scope needs user administration in hand, so no token can mint a stronger one.
   */
  async create(
    userId: string,
    name: string,
    options: TokenOptions = {},
  ): Promise<{ token: string; record: ApiToken }> {
    const { store, clock } = this.deps;
    const scope = options.scope ?? DEFAULT_TOKEN_SCOPE;
    const expiresOn = options.expires_on ?? null;
    if (scope === 'admin') {
      const owner = await store.users.get(userId);
      const held = options.held ?? permissionsOf(owner ?? null);
      if (!owner || !held.has('users:manage')) throw adminScopeRefused();
    }
    if (expiresOn && expiresOn < localDate(clock.now())) throw expiryInPast(expiresOn);
    const now = clock.now().toISOString();
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
    await store.tokens.insert(record, hashSecret(token), { user: userId, at: now });
    return { token, record };
  }

  async list(userId: string): Promise<ApiToken[]> {
    return await this.deps.store.tokens.listForUser(userId);
  }

  /**
   * Revokes one of the user's tokens; with user administration in `held` (an admin's session or
   * admin-scoped token), anyone's.
   */
  async revoke(id: string, by: string, held: ReadonlySet<Permission>): Promise<ApiToken> {
    const { tokens } = this.deps.store;
    const token = await tokens.get(id);
    const mine = token?.user_id === by;
    if (!token || (!mine && !held.has('users:manage'))) throw tokenNotFound(id);
    await tokens.revoke(id, { user: by, at: this.deps.clock.now().toISOString() });
    return (await tokens.get(id))!;
  }

  /**
   * Who an API token stands for and with what scope, or null when it is unknown, revoked or its
   * user disabled. An expired token is an error of its own: its owner needs to know to renew it.
   */
  async fromSecret(secret: string): Promise<TokenUse | null> {
    const { store, clock } = this.deps;
    const token = await store.tokens.byHash(hashSecret(secret));
    if (!token) return null;
    const user = await store.users.get(token.user_id);
    if (!user || user.disabled_at) return null;
    // It works through its last day, office time.
    if (token.expires_on && localDate(clock.now()) > token.expires_on) {
      throw tokenExpired(token.expires_on);
    }
    const now = clock.now().toISOString();
    if (!token.last_used_at || Date.parse(now) - Date.parse(token.last_used_at) >= TOUCH_EVERY_MS) {
      await store.tokens.touch(token.id, now);
    }
    return { user: publicUser(user), scope: token.scope };
  }
}
