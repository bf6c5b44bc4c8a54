/**
 * Setting a password on an account that exists: the user changes their own (proving they know
 * the current one) or an admin resets it. Either way the old password's sessions and tokens end.
 * The per-account limit on wrong current passwords is the route's (http/password-attempts.ts).
 */
import type { User } from '../domain/access/user.ts';
import { wrongCurrentPassword } from '../domain/access/user-errors.ts';
import type { Store } from '../store/store.ts';
import type { Clock } from '../domain/clock.ts';
import { endCredentials } from './credentials.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { existingUser, saveUser } from './users.ts';

export interface PasswordChangeServiceDeps {
  store: Pick<Store, 'users' | 'sessions' | 'tokens'>;
  clock: Clock;
}

export class PasswordChangeService {
  constructor(private readonly deps: PasswordChangeServiceDeps) {}

  /** The user changes their own password, proving they know the current one. */
  async change(id: string, currentPassword: string, password: string): Promise<void> {
    const current = await existingUser(this.deps.store.users, id);
    if (!(await verifyPassword(currentPassword, current.password_hash))) {
      throw wrongCurrentPassword();
    }
    await this.#set(current, password, 'change', id);
  }

  /** An admin (or the server's shell, `by` null) sets a new password. */
  async reset(id: string, password: string, by: string | null, reason?: string): Promise<void> {
    const current = await existingUser(this.deps.store.users, id);
    await this.#set(current, password, 'reset', by, reason);
  }

  async #set(
    current: User,
    password: string,
    how: 'change' | 'reset',
    by: string | null,
    reason?: string,
  ): Promise<void> {
    const { store, clock } = this.deps;
    const hash = await hashPassword(password);
    // Read again after the slow hash: someone may have changed the account meanwhile.
    const fresh = (await store.users.get(current.id)) ?? current;
    const now = clock.now().toISOString();
    const next = {
      ...fresh,
      password_hash: hash,
      password_changed_at: now,
      updated_at: now,
      version: fresh.version + 1,
    };
    await saveUser(store.users, next, fresh.version, `password:${how}`, by, reason);
    const why = how === 'change' ? 'revoke:password-change' : 'revoke:password-reset';
    await endCredentials(store, current.id, why, { user: by, at: now, reason });
  }
}
