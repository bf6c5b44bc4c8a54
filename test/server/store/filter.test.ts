/**
 * The filter in memory: matchesFilter (used where SQL cannot see the state, as of a date) and the
 * observation period's bounds. What the stores answer for the same cases is in contract.ts.
 */
import { describe, expect, test } from 'vitest';
import { matchesFilter, periodBounds } from '../../../server/store/filter.ts';
import { FILTER_CASES, FILTER_SEED } from './filter-cases.ts';

const page = { limit: 100, offset: 0 };

describe('matchesFilter', () => {
  test.each(FILTER_CASES)(
    'selects the same cases as the store contract on %s',
    (_, filter, expected) => {
      const matched = Object.values(FILTER_SEED).filter((v) =>
        matchesFilter(v, { ...filter, ...page }),
      );
      expect(matched.map((v) => v.id).sort()).toEqual([...expected].sort());
    },
  );
});

test('the observation period is bounded by local midnights', () => {
  expect(periodBounds({ from: '2026-03-06', to: '2026-03-06', ...page })).toEqual({
    since: '2026-03-05T17:00:00.000Z',
    until: '2026-03-06T17:00:00.000Z',
  });
  expect(periodBounds(page)).toEqual({ since: undefined, until: undefined });
});
