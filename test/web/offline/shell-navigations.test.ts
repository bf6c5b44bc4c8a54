/**
 * The service worker's navigation fallback, judged as Workbox's NavigationRoute judges it: on path
 * and query together, the deny list first. Every page must open offline, with a view in its query
 * or none; the server's own answers never get the shell.
 */
import { describe, expect, test } from 'vitest';
import { SHELL_ALLOWLIST, SHELL_DENYLIST } from '../../../web/src/lib/offline/shell-navigations.ts';
import { NOT_PAGES, PAGE_ADDRESSES, SERVER_ANSWERS } from '../../support/page-addresses.ts';

/** What workbox-routing's NavigationRoute tests: the path and the query, no origin, no hash. */
function opensShell(address: string): boolean {
  const url = new URL(address, 'http://localhost');
  const target = url.pathname + url.search;
  if (SHELL_DENYLIST.some((r) => r.test(target))) return false;
  return SHELL_ALLOWLIST.some((r) => r.test(target));
}

/** A planner's view in the address: camera, layers, filters and a past date. */
const VIEW = '?map=15/22.14700/105.83400&layers=violations,projects:40&kind=other&asOf=2026-01-15';

describe('the service worker answers offline', () => {
  test.each(PAGE_ADDRESSES)('the page %s at %s', (_, address) => {
    expect(opensShell(address)).toBe(true);
  });

  test.each(PAGE_ADDRESSES)('the page %s with a view in its query', (_, address) => {
    expect(opensShell(address + VIEW)).toBe(true);
    expect(opensShell(`${address}?next=%2Fexports`)).toBe(true);
  });

  test('the exports and a month’s report among them', () => {
    expect(opensShell('/exports')).toBe(true);
    expect(opensShell('/reports/2026-03')).toBe(true);
    expect(opensShell(`/reports/2026-03${VIEW}`)).toBe(true);
  });
});

describe('the service worker leaves to the server', () => {
  test.each(SERVER_ANSWERS)('%s, with or without a query', (address) => {
    expect(opensShell(address)).toBe(false);
    expect(opensShell(`${address}?f=json`)).toBe(false);
    // Refused by the pages themselves, not only by the deny list in front of them.
    expect(SHELL_ALLOWLIST.some((r) => r.test(address))).toBe(false);
  });

  test.each(NOT_PAGES)('%s, an address the app has no page for', (address) => {
    expect(opensShell(address)).toBe(false);
  });
});
