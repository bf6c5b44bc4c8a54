/** The address bar as state: every record has its own page (/violations/{id}), and so do the app's pages. */
import { untrack } from 'svelte';
import { createSubscriber } from 'svelte/reactivity';
import { view } from './view.svelte.ts';

/** Pages drawn over the map, by path. */
const PAGES = {
  '/login': 'login',
  '/account': 'account',
  '/admin/users': 'admin-users',
  '/admin/audit': 'admin-audit',
  '/exports': 'exports',
} as const;
/** `report`: a month's printable summary, /reports/{YYYY-MM}. */
export type PageName = (typeof PAGES)[keyof typeof PAGES] | 'report';

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

  /** True on the ward statistics panel (/stats). */
  get statsOpen(): boolean {
    return this.path === '/stats';
  }

  /**
   * The panel of clearance projects, gaps or the criteria scorecard: /projects, /projects/new,
   * /projects/{id}, /gaps, /gaps/new, /gaps/{id}, /criteria. Null elsewhere.
   */
  get planning(): { layer: 'projects' | 'gaps'; id: string | null } | { layer: 'criteria' } | null {
    if (this.path === '/criteria') return { layer: 'criteria' };
    const m = /^\/(projects|gaps)(?:\/([^/]+))?$/.exec(this.path);
    return m ? { layer: m[1] as 'projects' | 'gaps', id: m[2] ?? null } : null;
  }

  /** The page over the map (sign-in, account, administration), if one is open. */
  get page(): PageName | null {
    return PAGES[this.path as keyof typeof PAGES] ?? (this.reportMonth ? 'report' : null);
  }

  /** The month (YYYY-MM) in /reports/{month}, if this is a monthly summary's page. */
  get reportMonth(): string | null {
    return /^\/reports\/(\d{4}-\d{2})$/.exec(this.path)?.[1] ?? null;
  }

  /**
   * Goes to a path; `replace` leaves no entry to go back to. A path without a query keeps the
   * planner's view (map, layers, filters, date), so opening a record loses none of it.
   */
  navigate(path: string, options: { replace?: boolean } = {}): void {
    const target = path.includes('?') ? path : path + view.search;
    if (target === location.pathname + location.search) return;
    const url = target + location.hash;
    // Another site's address would throw in pushState: the app stays on its own pages.
    if (new URL(url, location.href).origin !== location.origin) return this.navigate('/', options);
    if (options.replace) history.replaceState(null, '', url);
    else history.pushState(null, '', url);
    // A page's own query (sign-in's `next`) is no view: the view stays as it was behind it.
    if (!untrack(() => this.page)) view.sync();
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
