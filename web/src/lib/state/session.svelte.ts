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
import { ownCaches } from '../offline/cache-owner.ts';
import { queueSignOut, signOutQueued } from '../offline/pending-sign-out.ts';
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

class Session {
  #user = $state.raw<PublicUser | null>(null);
  #loaded = $state(false);
  #signOutPending = $state(signOutQueued());
  #permissions = $derived(permissionsOf(this.#user));

  constructor() {
    // A sign-out made offline reaches the server as soon as the network is back.
    globalThis.addEventListener?.('online', () => void this.#sendSignOut());
  }

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
  /** Signed out on this device while offline; the server is still to be told. */
  get signOutPending(): boolean {
    return this.#signOutPending;
  }

  /** Whether the user holds a permission (anonymous visitors hold the public ones). */
  can = (permission: Permission): boolean => this.#permissions.has(permission);

  /** Whether the user may edit this report now (their own, unverified; or any, for a planner). */
  mayEdit = (record: OwnedRecord): boolean => mayEditViolation(this.#user, record);

  /**
   * Asks the server who this browser is signed in as; offline, the last user of the device. A
   * sign-out made offline is sent first: until the server has it, the cookie still names the
   * user who signed out.
   */
  async load(): Promise<void> {
    try {
      await this.#sendSignOut();
      if (this.#signOutPending) return await this.#become(null);
      const me = await unwrap(client.api.auth.me.$get());
      await this.#become(me.user);
    } catch (e) {
      if (!(e instanceof ApiError && e.code === 'NETWORK')) throw e;
      await this.#become(remembered());
    } finally {
      this.#loaded = true;
    }
  }

  async login(username: string, password: string): Promise<PublicUser> {
    await this.#sendSignOut();
    const answer = await unwrap(client.api.auth.login.$post({ json: { username, password } }));
    // The new session's cookie replaced the old one: a sign-out still queued would end this one.
    this.#queueSignOut(false);
    await this.#become(answer.user);
    return answer.user;
  }

  /**
   * Signs out at once on this device, network or not: the session ends here and the records kept
   * for offline use go. The server is told now, or as soon as it can be reached.
   */
  async logout(): Promise<void> {
    this.#queueSignOut(true);
    await this.#become(null);
    await this.#sendSignOut();
    // Offline the views cannot load again for no one, and would go on showing what the user who
    // signed out read: the app starts afresh from the worker instead, signed out.
    if (this.#signOutPending && navigator.serviceWorker?.controller) location.assign('/');
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
    // At once, so the sign-in page does not take the old user for signed in and send them back.
    this.#user = null;
    void this.#become(null);
    if (router.page === 'login') return;
    const here = location.pathname + location.search;
    router.navigate(`/login?expired=1&next=${encodeURIComponent(here)}`);
  }

  /**
   * Who is signed in from now on. The device's private caches are handed over first, so nothing
   * the previous user read is answered to the views that reload for this one.
   */
  async #become(user: PublicUser | null): Promise<void> {
    remember(user);
    await ownCaches(user?.id ?? null);
    this.#user = user;
  }

  /** Tells the server of a sign-out made offline; it stays queued while it cannot be reached. */
  async #sendSignOut(): Promise<void> {
    if (!this.#signOutPending) return;
    try {
      await unwrap(client.api.auth.logout.$post());
    } catch (e) {
      if (e instanceof ApiError && (e.code === 'NETWORK' || e.status >= 500)) return;
      // Any other refusal: the server no longer holds that session anyway.
    }
    this.#queueSignOut(false);
  }

  #queueSignOut(queued: boolean): void {
    this.#signOutPending = queued;
    queueSignOut(queued);
  }
}

export const session = new Session();
whenUnauthenticated(() => session.expired());
