/**
 * The router reads every page the app declares (server/domain/pages.ts) from the address bar: the
 * page over the map, the record or panel beside it, the month of a report. Node has no window, so
 * a bare location stands in for the browser's.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import type { PageName } from '../../../server/domain/pages.ts';
import { EXAMPLE_PARAMETERS, NOT_PAGES, PAGE_ADDRESSES } from '../../support/page-addresses.ts';

let here = new URL('http://localhost/');
let router: typeof import('../../../web/src/lib/state/router.svelte.ts').router;

beforeAll(async () => {
  Object.assign(globalThis, {
    window: { addEventListener: () => {}, removeEventListener: () => {} },
    location: {
      get pathname() {
        return here.pathname;
      },
      get search() {
        return here.search;
      },
      get hash() {
        return here.hash;
      },
    },
    history: { state: null, pushState: () => {}, replaceState: () => {} },
  });
  ({ router } = await import('../../../web/src/lib/state/router.svelte.ts'));
});

/** Everything the app's components ask the router about the address. */
function reading(address: string) {
  here = new URL(address, 'http://localhost');
  return {
    page: router.page,
    violationId: router.violationId,
    listOpen: router.listOpen,
    statsOpen: router.statsOpen,
    planning: router.planning,
    reportMonth: router.reportMonth,
  };
}

const NOTHING = {
  page: null,
  violationId: null,
  listOpen: false,
  statsOpen: false,
  planning: null,
  reportMonth: null,
};
const ID = EXAMPLE_PARAMETERS.id;

/** What the router reads at each page's address (test/support/page-addresses.ts). */
const EXPECTED: Record<PageName, Partial<ReturnType<typeof reading>>> = {
  map: {},
  'violation-list': { listOpen: true },
  violation: { violationId: ID },
  projects: { planning: { layer: 'projects', id: null } },
  project: { planning: { layer: 'projects', id: ID } },
  gaps: { planning: { layer: 'gaps', id: null } },
  gap: { planning: { layer: 'gaps', id: ID } },
  complaints: { planning: { layer: 'complaints', id: null } },
  complaint: { planning: { layer: 'complaints', id: ID } },
  criteria: { planning: { layer: 'criteria' } },
  stats: { statsOpen: true },
  login: { page: 'login' },
  account: { page: 'account' },
  'admin-users': { page: 'admin-users' },
  'admin-audit': { page: 'admin-audit' },
  exports: { page: 'exports' },
  report: { page: 'report', reportMonth: EXAMPLE_PARAMETERS.month },
};

describe('the router', () => {
  test.each(PAGE_ADDRESSES)('recognises the page %s at %s', (name, address) => {
    expect(reading(address)).toEqual({ ...NOTHING, ...EXPECTED[name] });
  });

  test.each(PAGE_ADDRESSES)(
    'reads the page %s the same with a view in the query',
    (name, address) => {
      const withView = reading(`${address}?map=15/22.147/105.834&layers=violations`);
      expect(withView).toEqual({ ...NOTHING, ...EXPECTED[name] });
    },
  );

  test.each(NOT_PAGES)('opens nothing at %s', (address) => {
    expect(reading(address)).toEqual(NOTHING);
  });

  test('a new record’s form is the page of a record named "new"', () => {
    expect(reading('/projects/new').planning).toEqual({ layer: 'projects', id: 'new' });
    expect(reading('/gaps/new').planning).toEqual({ layer: 'gaps', id: 'new' });
  });
});
