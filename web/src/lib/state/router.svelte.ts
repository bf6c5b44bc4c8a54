/**
 * The address bar as state: every record has its own page (/violations/{id}), and so do the app's
 * pages. Which pages there are is server/domain/pages.ts's list, the one the server and the service
 * worker answer too; here only what each page shows.
 */
import { untrack } from 'svelte';
import { createSubscriber } from 'svelte/reactivity';
import {
  matchPage,
  type PageMatch,
  type PageName as AppPage,
} from '../../../../server/domain/pages.ts';
import { view } from './view.svelte.ts';

/** The pages drawn over the map; the others are the map with a panel beside it, or none. */
const OVER_MAP = [
  'login',
  'account',
  'admin-users',
  'admin-audit',
  'exports',
  'report',
] as const satisfies readonly AppPage[];
/** `report`: a month's printable summary, /reports/{YYYY-MM}. */
export type PageName = (typeof OVER_MAP)[number];
const isOverMap = (name: AppPage): name is PageName =>
  (OVER_MAP as readonly AppPage[]).includes(name);

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

  /** The app's page at this address (server/domain/pages.ts), or null for one it does not have. */
  get #at(): PageMatch | null {
    return matchPage(this.path);
  }

  /** The query string's parameters. */
  get params(): URLSearchParams {
    void this.path;
    return new URLSearchParams(location.search);
  }

  /** The id in /violations/{id}, if this is a violation's page. */
  get violationId(): string | null {
    const at = this.#at;
    return at?.name === 'violation' ? (at.params.id ?? null) : null;
  }

  /** True on the list page (/violations). */
  get listOpen(): boolean {
    return this.#at?.name === 'violation-list';
  }

  /** True on the ward statistics panel (/stats). */
  get statsOpen(): boolean {
    return this.#at?.name === 'stats';
  }

  /**
   * The panel of clearance projects, gaps, petitions or the criteria scorecard: /projects,
   * /projects/new, /projects/{id}, /gaps…, /complaints…, /criteria. Null elsewhere.
   */
  get planning():
    | { layer: 'projects' | 'gaps' | 'complaints'; id: string | null }
    | { layer: 'criteria' }
    | null {
    const at = this.#at;
    switch (at?.name) {
      case 'criteria':
        return { layer: 'criteria' };
      case 'projects':
      case 'gaps':
      case 'complaints':
        return { layer: at.name, id: null };
      case 'project':
        return { layer: 'projects', id: at.params.id ?? null };
      case 'gap':
        return { layer: 'gaps', id: at.params.id ?? null };
      case 'complaint':
        return { layer: 'complaints', id: at.params.id ?? null };
      default:
        return null;
    }
  }

  /** The page over the map (sign-in, account, administration), if one is open. */
  get page(): PageName | null {
    const at = this.#at;
    return at && isOverMap(at.name) ? at.name : null;
  }

  /** The month (YYYY-MM) in /reports/{month}, if this is a monthly summary's page. */
  get reportMonth(): string | null {
    const at = this.#at;
    return at?.name === 'report' ? (at.params.month ?? null) : null;
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
