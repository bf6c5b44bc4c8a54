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
import { ApiError, client, unwrap, whenUnauthenticated } from '../api.ts';
import { forgetPrivateCaches } from '../offline/service-worker.ts';
import { router } from './router.svelte.ts';

/**
 * Who was last signed in on this device (name and roles, no secret), so that the app opened with
 * no network still offers what that user may do; the server checks again when the work is sent.
 */
const LAST_USER = 'uim.user';

function remember(user: PublicUser | null): void {
  try {
    if (user) localStorage.setItem(LAST_USER, JSON.stringify(user));
    else localStorage.removeItem(LAST_USER);
  } catch {
    // Private browsing without storage: nothing is remembered.
  }
}

function remembered(): PublicUser | null {
  try {
    const raw = localStorage.getItem(LAST_USER);
    return raw ? (JSON.parse(raw) as PublicUser) : null;
  } catch {
    return null;
  }
}

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

  /** Asks the server who this browser is signed in as; offline, the last user of the device. */
  async load(): Promise<void> {
    try {
      const me = await unwrap(client.api.auth.me.$get());
      this.#user = me.user;
      remember(me.user);
    } catch (e) {
      if (!(e instanceof ApiError && e.code === 'NETWORK')) throw e;
      this.#user = remembered();
    } finally {
      this.#loaded = true;
    }
  }

  async login(username: string, password: string): Promise<PublicUser> {
    const answer = await unwrap(client.api.auth.login.$post({ json: { username, password } }));
    this.#user = answer.user;
    remember(answer.user);
    return answer.user;
  }

  async logout(): Promise<void> {
    await unwrap(client.api.auth.logout.$post());
    this.#user = null;
    remember(null);
    await forgetPrivateCaches();
  }

  /** Keeps the shown name and roles in step after an admin edits one's own account. */
  refresh(user: PublicUser): void {
    if (user.id === this.#user?.id) {
      this.#user = user;
      remember(user);
    }
  }

  /**
   * The server no longer knows this browser (the session expired or ended elsewhere): sign in and
   * come back. A report being written lives in the capture state, so it is still there after.
   */
  expired(): void {
    this.#user = null;
    remember(null);
    if (router.page === 'login') return;
    const here = location.pathname + location.search;
    router.navigate(`/login?expired=1&next=${encodeURIComponent(here)}`);
  }
}

export const session = new Session();
whenUnauthenticated(() => session.expired());
