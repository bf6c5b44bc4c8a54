/**
 * Who is signed in and what they may do. The verbs come from the server's own permissions module,
 * so the app offers exactly the actions the server will accept.
 */
import {
  mayEditViolation,
  permissionsOf,
  type OwnedRecord,
  type Permission,
} from '../../../../server/domain/access/permissions.ts';
import type { PublicUser } from '../../../../server/domain/access/user.ts';
import { client, NO_BODY, unwrap, whenUnauthenticated } from '../api.ts';
import { router } from './router.svelte.ts';

/** Where sign-in returns to: a path of this app, never another site. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login')
    ? next
    : '/';
}

class Session {
  #user = $state.raw<PublicUser | null>(null);
  #loaded = $state(false);
  #permissions = $derived(permissionsOf(this.#user));

  /** The signed-in user, or null for an anonymous visitor. */
  get user(): PublicUser | null {
    return this.#user;
  }
  /** Changes exactly when what the reader may see changes (who they are, their roles). */
  get viewKey(): string {
    return this.#user ? `${this.#user.id}:${this.#user.roles.join()}` : '';
  }
  /** True once the server said who this is. */
  get loaded(): boolean {
    return this.#loaded;
  }

  /** Whether the user holds a permission (anonymous visitors hold the public ones). */
  can = (permission: Permission): boolean => this.#permissions.has(permission);

  /** Whether the user may edit this report now (their own, unverified; or any, for a planner). */
  mayEdit = (record: OwnedRecord): boolean => mayEditViolation(this.#user, record);

  /** Asks the server who this browser is signed in as. */
  async load(): Promise<void> {
    try {
      const me = await unwrap(client.api.auth.me.$get());
      this.#user = me.user;
    } finally {
      this.#loaded = true;
    }
  }

  async login(username: string, password: string): Promise<PublicUser> {
    const answer = await unwrap(client.api.auth.login.$post({ json: { username, password } }));
    this.#user = answer.user;
    return answer.user;
  }

  async logout(): Promise<void> {
    await unwrap(client.api.auth.logout.$post(undefined, NO_BODY));
    this.#user = null;
  }

  /** Keeps the shown name and roles in step after an admin edits one's own account. */
  refresh(user: PublicUser): void {
    if (user.id === this.#user?.id) this.#user = user;
  }

  /**
   * The server no longer knows this browser (the session expired or ended elsewhere): sign in and
   * come back. A report being written lives in the capture state, so it is still there after.
   */
  expired(): void {
    this.#user = null;
    if (router.page === 'login') return;
    const here = location.pathname + location.search;
    router.navigate(`/login?expired=1&next=${encodeURIComponent(here)}`);
  }
}

export const session = new Session();
whenUnauthenticated(() => session.expired());
