/**
 * The screen around the records against an address bar: which side panel the address asks for,
 * the map made from the first map view on, a tap on a record while a pin is placed, and a record
 * opened before the map brought into view once the map is there. Node has no window, so a small
 * address bar (location, history) stands in for the browser's.
 */
import type { LngLatBounds, Map } from 'maplibre-gl';
import { beforeAll, describe, expect, test } from 'vitest';
import type { ViolationFeature } from '../../../server/domain/violations/violation.ts';
import type { AppShell } from '../../../web/src/lib/state/app-shell.svelte.ts';
import type { router as Router } from '../../../web/src/lib/state/router.svelte.ts';

let path = '/login';
const fakeWindow = { addEventListener: () => {}, removeEventListener: () => {} };
let shell: AppShell;
let router: typeof Router;

beforeAll(async () => {
  Object.assign(globalThis, {
    window: fakeWindow,
    location: {
      origin: 'http://localhost',
      href: 'http://localhost/',
      get pathname() {
        return new URL(path, 'http://localhost').pathname;
      },
      get search() {
        return new URL(path, 'http://localhost').search;
      },
      hash: '',
    },
    history: {
      state: null,
      pushState: (_: unknown, __: string, url: string) => (path = url),
      replaceState: (_: unknown, __: string, url: string) => (path = url),
    },
  });
  ({ router } = await import('../../../web/src/lib/state/router.svelte.ts'));
  const { AppShell } = await import('../../../web/src/lib/state/app-shell.svelte.ts');
  shell = new AppShell();
});

/** A map looking at the whole town from far out, recording where it eased to. */
function townMap() {
  const eased: unknown[] = [];
  const map = {
    getBounds: () => ({ contains: () => true }) as unknown as LngLatBounds,
    getZoom: () => 11,
    easeTo: (options: unknown) => eased.push(options),
  } as unknown as Map;
  return { map, eased };
}

const record = {
  type: 'Feature',
  id: 'v1',
  properties: {},
  geometry: { type: 'Point', coordinates: [105.83, 22.14] },
} as unknown as ViolationFeature;

describe('the screen around the records', () => {
  test('a page opened first wants no map; the first map view does, and it stays', () => {
    expect(shell.mapWanted).toBe(false);
    expect(shell.panelOpen).toBe(false);
    router.navigate('/');
    expect(shell.mapWanted).toBe(true);
    router.navigate('/account');
    expect(shell.mapWanted).toBe(true);
  });

  test('a record opened before the map is brought into view once the map is ready', () => {
    router.navigate('/violations/v1');
    expect(shell.panelOpen).toBe(true);
    shell.reveal(record);
    const { map, eased } = townMap();
    shell.mapReady(map);
    expect(shell.map).toBe(map);
    expect(eased).toEqual([{ center: [105.83, 22.14], zoom: 15 }]);
    shell.reveal(record);
    expect(eased).toHaveLength(2);
  });

  test('the list, the statistics and the planner pages open a panel; the bare map none', () => {
    for (const [at, open] of [
      ['/violations', true],
      ['/stats', true],
      ['/projects/p1', true],
      ['/criteria', true],
      ['/', false],
    ] as const) {
      router.navigate(at);
      expect(shell.panelOpen, at).toBe(open);
    }
  });

  test("the queue's panel shows on the map, and gives way to a record", () => {
    shell.openOutbox();
    expect(shell.showOutbox).toBe(true);
    expect(shell.panelOpen).toBe(true);
    shell.select('v1');
    expect(path).toBe('/violations/v1');
    expect(shell.showOutbox).toBe(false);
    shell.closeOutbox();
    router.navigate('/');
    expect(shell.panelOpen).toBe(false);
  });

  test('while a pin is placed, a tap on a record opens nothing; signing out ends the report', () => {
    shell.capture.start();
    shell.select('v1');
    expect(path).toBe('/');
    shell.signedOut();
    expect(shell.capture.active).toBe(false);
    shell.select('v1');
    expect(path).toBe('/violations/v1');
  });
});
