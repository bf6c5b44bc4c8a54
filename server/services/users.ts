/**
 * Users managed by admins (and the first admin): create, list, read, update, disable, enable.
 * Every change goes through the store with who made it, so the audit log shows it.
 */
import {
  publicUser,
  type PublicUser,
  type User,
  type UserCreate,
  type UserUpdate,
} from '../domain/access/user.ts';
import {
  selfLockout,
  userConflict,
  userNotFound,
  usernameTaken,
} from '../domain/access/user-errors.ts';
import type { Store, UserRepository } from '../store/store.ts';
import type { Clock } from '../domain/clock.ts';
import { endCredentials } from './credentials.ts';
import { hashPassword } from './passwords.ts';

export interface UserServiceDeps {
  /** Sessions and tokens only to end them when an account is disabled. */
  store: Pick<Store, 'users' | 'sessions' | 'tokens'>;
  clock: Clock;
}

/** The stored user, or NOT_FOUND. */
export async function existingUser(users: UserRepository, id: string): Promise<User> {
  const user = await users.get(id);
  if (!user) throw userNotFound(id);
  return user;
}

/** Writes the next version of a user, or CONFLICT when someone saved another one first. */
export async function saveUser(
  users: UserRepository,
  next: User,
  expected: number,
  action: string,
  by: string | null,
  reason?: string,
): Promise<void> {
  const ok = await users.update(next, expected, action, { user: by, at: next.updated_at, reason });
  if (!ok) throw userConflict();
}

export class UserService {
  constructor(private readonly deps: UserServiceDeps) {}

  /** True when no one can sign in yet: the server then says how to create the first admin. */
  async needsFirstAdmin(): Promise<boolean> {
    return (await this.deps.store.users.count()) === 0;
  }

  /** Creates the first admin from the environment; does nothing once any user exists. */
  async ensureFirstAdmin(username: string, password: string): Promise<PublicUser | null> {
    if (!(await this.needsFirstAdmin())) return null;
    return this.create(
      { username, password, display_name: username, roles: ['admin'] },
      null,
      'first admin from ADMIN_USERNAME',
    );
  }

  async create(input: UserCreate, by: string | null, reason?: string): Promise<PublicUser> {
    const { users } = this.deps.store;
    if (await users.byUsername(input.username)) throw usernameTaken(input.username);
    const now = this.deps.clock.now().toISOString();
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
    if (!(await users.insert(user, { user: by, at: now, reason }))) {
      throw usernameTaken(input.username);
    }
    return publicUser(user);
  }

  async list(): Promise<PublicUser[]> {
    return (await this.deps.store.users.list()).map(publicUser);
  }

  async get(id: string): Promise<PublicUser> {
    return publicUser(await existingUser(this.deps.store.users, id));
  }

  /**
   * Display name, roles, disabled; an admin cannot take away their own admin role or account.
   * `by` is null when the change comes from the server's shell (npm run users).
   */
  async update(id: string, patch: UserUpdate, by: PublicUser | null): Promise<PublicUser> {
    const { store, clock } = this.deps;
    const current = await existingUser(store.users, id);
    if (patch.version !== undefined && patch.version !== current.version) throw userConflict();
    if (id === by?.id && (patch.disabled || (patch.roles && !patch.roles.includes('admin')))) {
      throw selfLockout();
    }
    const now = clock.now().toISOString();
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
    const byId = by?.id ?? null;
    await saveUser(store.users, next, current.version, action, byId, patch.reason);
    if (next.disabled_at) {
      await endCredentials(store, id, 'revoke:disable', {
        user: byId,
        at: now,
        reason: patch.reason,
      });
    }
    return publicUser(next);
  }
}
