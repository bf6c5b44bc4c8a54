/**
 * One address of each page the app declares (server/domain/pages.ts), its parameters filled in, so
 * the server, service-worker and router tests all walk the same list and a new page joins them.
 */
import { PAGES, type PageName } from '../../server/domain/pages.ts';

/** A value of each path parameter, as a real address would carry it. */
export const EXAMPLE_PARAMETERS = {
  id: '3f0c6b1e-8a4d-4c2e-9f57-2b1d0e6a9c41',
  month: '2026-03',
} as const;

/** [page, an address of it] for every declared page. */
export const PAGE_ADDRESSES: [PageName, string][] = (
  Object.entries(PAGES) as [PageName, string][]
).map(([name, path]) => {
  const address = path.replace(/:(\w+)/g, (_, p: string) => {
    const value = (EXAMPLE_PARAMETERS as Record<string, string>)[p];
    if (!value) throw new Error(`no example value for :${p} of the page ${name}`);
    return value;
  });
  return [name, address];
});

/** Addresses the app has no page for, near ones included: the shell must not answer them. */
export const NOT_PAGES = [
  '/nowhere',
  '/violations/',
  '/violations/3f0c6b1e/photos',
  '/admin',
  '/admin/nowhere',
  '/reports/march',
  '/exports/2026-03',
];

/** The server's own answers, which neither the server nor the service worker may take for pages. */
export const SERVER_ANSWERS = [
  '/api/health',
  '/api/violations',
  '/api/violations/3f0c6b1e-8a4d-4c2e-9f57-2b1d0e6a9c41',
  '/api/exports/2026-03.geojson',
  '/ogc',
  '/ogc/collections/violations/items',
  '/open311/v2/requests.json',
  '/basemap/basemap.pmtiles',
];
