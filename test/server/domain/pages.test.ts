import { describe, expect, test } from 'vitest';
import { matchPage, PAGES } from '../../../server/domain/pages.ts';
import { NOT_PAGES, PAGE_ADDRESSES, SERVER_ANSWERS } from '../../support/page-addresses.ts';

describe('the app’s pages', () => {
  test.each(PAGE_ADDRESSES)('finds the page %s at %s', (name, address) => {
    expect(matchPage(address)?.name).toBe(name);
  });

  test('reads a record’s id and a report’s month from the address', () => {
    expect(matchPage('/violations/3f0c6b1e')).toEqual({
      name: 'violation',
      params: { id: '3f0c6b1e' },
    });
    expect(matchPage('/projects/new')).toEqual({ name: 'project', params: { id: 'new' } });
    expect(matchPage('/reports/2026-03')).toEqual({
      name: 'report',
      params: { month: '2026-03' },
    });
  });

  test.each([...NOT_PAGES, ...SERVER_ANSWERS])('has no page at %s', (address) => {
    expect(matchPage(address)).toBeNull();
  });

  test('declares every page at its own address', () => {
    const paths = Object.values(PAGES);
    expect(new Set(paths).size).toBe(paths.length);
  });
});
