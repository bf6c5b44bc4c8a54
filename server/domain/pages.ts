/**
 * The web app's own pages, declared once. The server answers each with the app's shell (a record's
 * page opens directly), the service worker does the same offline, and the router reads the page
 * and its parameters from the address; all three derive from this list, so a page added here opens
 * everywhere, and an address missing from it opens nowhere.
 */

/** What each `:parameter` of a page's path may be: always one path segment. */
const PARAMETERS = {
  /** A record's id, or `new` for the form of a new one. */
  id: '[^/?#]+',
  /** A month, YYYY-MM. */
  month: '\\d{4}-\\d{2}',
} as const;
type Parameter = keyof typeof PARAMETERS;

/** Each page by name: its path, with `:id` or `:month` where the address carries one. */
export const PAGES = {
  map: '/',
  'violation-list': '/violations',
  violation: '/violations/:id',
  projects: '/projects',
  project: '/projects/:id',
  gaps: '/gaps',
  gap: '/gaps/:id',
  complaints: '/complaints',
  complaint: '/complaints/:id',
  criteria: '/criteria',
  stats: '/stats',
  login: '/login',
  account: '/account',
  'admin-users': '/admin/users',
  'admin-audit': '/admin/audit',
  exports: '/exports',
  report: '/reports/:month',
} as const satisfies Record<string, string>;
export type PageName = keyof typeof PAGES;

/** A page found at an address, with the parameters its path carries. */
export interface PageMatch {
  name: PageName;
  params: Partial<Record<Parameter, string>>;
}

/**
 * A page's path as a regular expression's source, a plain group for each parameter (the service
 * worker's copy is transpiled for old browsers, and named groups would bring a helper along).
 */
function compile(name: PageName, path: string) {
  const params: Parameter[] = [];
  const source = path
    .split('/')
    .map((segment) => {
      if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const param = segment.slice(1) as Parameter;
      if (!(param in PARAMETERS)) throw new Error(`${path}: no shape declared for :${param}`);
      params.push(param);
      return `(${PARAMETERS[param]})`;
    })
    .join('/');
  return { name, params, source, exact: new RegExp(`^${source}$`) };
}

const COMPILED = (Object.entries(PAGES) as [PageName, string][]).map(([name, path]) =>
  compile(name, path),
);

/** The page at a path (without its query), or null when the app has no such page. */
export function matchPage(pathname: string): PageMatch | null {
  for (const { name, params, exact } of COMPILED) {
    const found = exact.exec(pathname);
    if (found) return { name, params: Object.fromEntries(params.map((p, i) => [p, found[i + 1]])) };
  }
  return null;
}

/**
 * Every page as Workbox's navigateFallbackAllowlist wants it. Workbox tests the path and the query
 * together, and the map's view lives in the query (`/?map=…`, `/violations?kind=…`), so each page
 * is accepted with any query or none.
 */
export function pageAllowlist(): RegExp[] {
  return COMPILED.map(({ source }) => new RegExp(`^${source}(\\?.*)?$`));
}
