/**
 * Installed in a page before the app runs (Playwright's addInitScript): catches the map when the
 * app hands it to `window.__map` (the hook the browser tests use) and passes it to every probe
 * that asked with `window.__whenMap`. A probe runs in the page, apart from this file's scope:
 * this is how the benchmarks' probes share the catch.
 */
export type MapHookWindow = {
  __map: import('maplibre-gl').Map;
  __whenMap: (probe: (map: import('maplibre-gl').Map) => void) => void;
};

export function installMapHook(): void {
  const w = window as unknown as MapHookWindow;
  const probes: ((map: MapHookWindow['__map']) => void)[] = [];
  let map: MapHookWindow['__map'] | undefined;
  w.__whenMap = (probe) => probes.push(probe);
  Object.defineProperty(window, '__map', {
    configurable: true,
    get: () => map,
    set(m: MapHookWindow['__map']) {
      map = m;
      for (const probe of probes) probe(m);
    },
  });
}
