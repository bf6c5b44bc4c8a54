/**
 * Which navigations the service worker answers with the app's shell (vite.config.ts): the app's own
 * pages (server/domain/pages.ts, the list the server and the router read too), never the server's
 * own answers. Workbox checks the deny list first, then the allow list, on path and query together.
 */
import { pageAllowlist } from '../../../../server/domain/pages.ts';

export const SHELL_ALLOWLIST: RegExp[] = pageAllowlist();

/** The API, OGC API Features for QGIS and the basemap file: always the server's, never the shell. */
export const SHELL_DENYLIST: RegExp[] = [/^\/api\//, /^\/ogc(\/|$)/, /^\/basemap\//];
