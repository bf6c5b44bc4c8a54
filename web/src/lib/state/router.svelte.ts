/** The address bar as state: every record has its own page (/violations/{id}), and so do the app's pages. */
import { createSubscriber } from 'svelte/reactivity';

/** Pages drawn over the map, by path. */
const PAGES = {
  '/login': 'login',
  '/account': 'account',
  '/admin/users': 'admin-users',
  '/admin/audit': 'admin-audit',
} as const;
export type PageName = (typeof PAGES)[keyof typeof PAGES];

class Router {
  #subscribe = createSubscriber((update) => {
    window.addEventListener('popstate', update);
    return () => window.removeEventListener('popstate', update);
  });
  #version = $state(0);

  get path(): string {
    this.#subscribe();
    void this.#version;
    return location.pathname;
  }

  /** The query string's parameters. */
  get params(): URLSearchParams {
    void this.path;
    return new URLSearchParams(location.search);
  }

  /** The id in /violations/{id}, if this is a violation's page. */
  get violationId(): string | null {
    return /^\/violations\/([^/]+)$/.exec(this.path)?.[1] ?? null;
  }

  /** True on the list page (/violations). */
  get listOpen(): boolean {
    return this.path === '/violations';
  }

  /** The page over the map (sign-in, account, administration), if one is open. */
  get page(): PageName | null {
    return PAGES[this.path as keyof typeof PAGES] ?? null;
  }

  /** Goes to a path (with its own query, if any); `replace` leaves no entry to go back to. */
  navigate(path: string, options: { replace?: boolean } = {}): void {
    if (path === location.pathname + location.search) return;
    const url = path + location.hash;
    if (options.replace) history.replaceState(null, '', url);
    else history.pushState(null, '', url);
    this.#version++;
  }

  /** A link's click handled in the app; modified clicks (new tab) stay the browser's. */
  link = (event: MouseEvent): void => {
    const anchor = event.currentTarget as HTMLAnchorElement;
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return;
    }
    event.preventDefault();
    this.navigate(anchor.pathname + anchor.search);
  };
}

export const router = new Router();
