import { beforeAll, describe, expect, test } from 'vitest';
import type { Violation } from '../../../server/domain/violation.ts';
import { matchesFilter, periodBounds, type ViolationFilter } from '../../../server/store/filter.ts';
import { createSqliteStore } from '../../../server/store/sqlite/sqlite-store.ts';
import type { Store } from '../../../server/store/store.ts';
import { makeViolation, square } from '../helpers.ts';

const AUDIT = { user: null, at: '2026-03-09T03:00:00.000Z' };
const FUTURE = '2030-01-01T00:00:00.000Z';

// Four cases; observed times in UTC, with their local (UTC+7) dates.
const seed: Record<'a' | 'b' | 'c' | 'd', Violation> = {
  // local 2026-03-01 09:00
  a: makeViolation(
    {
      kind: 'road_encroachment',
      status: 'reported',
      observed_at: '2026-03-01T02:00:00.000Z',
      ward: { code: '2025-01840', name: 'Phường Đức Xuân' },
      description: 'Lấn chiếm lòng đường',
    },
    { type: 'Point', coordinates: [105.834, 22.147] },
  ),
  // local 2026-03-05 23:30; the decision was due on 2026-03-09
  b: makeViolation(
    {
      kind: 'illegal_construction',
      status: 'recorded',
      observed_at: '2026-03-05T16:30:00.000Z',
      ward: { code: '2025-01843', name: 'Phường Bắc Kạn' },
      deadline: '2026-03-09',
    },
    { type: 'Point', coordinates: [105.863, 22.109] },
  ),
  // local 2026-03-06 00:30; compliance due on 2026-03-10
  c: makeViolation(
    {
      kind: 'illegal_grading',
      status: 'decided',
      observed_at: '2026-03-05T17:30:00.000Z',
      ward: { code: '2025-01849', name: 'Xã Phong Quang' },
      deadline: '2026-03-10',
    },
    square([105.76, 22.21], 0.002),
  ),
  // local 2026-03-08 10:00
  d: makeViolation({ kind: 'other', status: 'closed', observed_at: '2026-03-08T03:00:00.000Z' }),
};
const ids = (...keys: (keyof typeof seed)[]) => keys.map((k) => seed[k].id);

let store: Store;
beforeAll(() => {
  store = createSqliteStore(':memory:');
  for (const v of Object.values(seed)) store.violations.insert(v, 'create', AUDIT);
});

const page = { limit: 100, offset: 0 };
const CASES: [string, Omit<ViolationFilter, 'limit' | 'offset'>, string[]][] = [
  ['no filter: newest observation first', {}, ids('d', 'c', 'b', 'a')],
  ['kinds', { kinds: ['road_encroachment', 'other'] }, ids('d', 'a')],
  ['statuses', { statuses: ['recorded', 'decided'] }, ids('c', 'b')],
  ['ward', { ward: '2025-01843' }, ids('b')],
  ['from a local date (00:30 local counts for that day)', { from: '2026-03-06' }, ids('d', 'c')],
  ['to a local date (23:30 local counts for that day)', { to: '2026-03-05' }, ids('b', 'a')],
  ['a one-day period', { from: '2026-03-05', to: '2026-03-05' }, ids('b')],
  [
    'overdue on 2026-03-10: due 03-09 yes, due 03-10 not yet',
    { overdueOn: '2026-03-10' },
    ids('b'),
  ],
  ['overdue on 2026-03-11', { overdueOn: '2026-03-11' }, ids('c', 'b')],
  [
    'on time on 2026-03-10: no deadline, or due 03-10 (the day itself)',
    { onTimeOn: '2026-03-10' },
    ids('d', 'c', 'a'),
  ],
  [
    'on time on 2026-03-09: due 03-09 is not yet overdue',
    { onTimeOn: '2026-03-09' },
    ids('d', 'c', 'b', 'a'),
  ],
  [
    'on time on 2026-03-11: only the cases without a deadline',
    { onTimeOn: '2026-03-11' },
    ids('d', 'a'),
  ],
  [
    'on time, with other fields',
    { statuses: ['recorded', 'decided'], onTimeOn: '2026-03-10' },
    ids('c'),
  ],
  [
    'overdue and on time on the same day: nothing',
    { overdueOn: '2026-03-10', onTimeOn: '2026-03-10' },
    [],
  ],
  ['bbox around Phong Quang, a polygon', { bbox: [105.75, 22.2, 105.77, 22.22] }, ids('c')],
  ['text', { q: 'lan chiem' }, ids('a')],
  [
    'everything together',
    { kinds: ['illegal_construction'], ward: '2025-01843', overdueOn: '2026-03-10' },
    ids('b'),
  ],
  ['nothing matches', { kinds: ['land_encroachment'] }, []],
];

describe.each([
  ['list', (f: ViolationFilter) => store.violations.list(f)],
  [
    'listAsOf (later than every change)',
    (f: ViolationFilter) => store.violations.listAsOf(FUTURE, f),
  ],
])('%s', (_, run) => {
  test.each(CASES)('filters by %s', (__, filter, expected) => {
    const result = run({ ...filter, ...page });
    expect(result.items.map((v) => v.id)).toEqual(expected);
    expect(result.total).toBe(expected.length);
  });

  test.each(['2026-03-08', '2026-03-09', '2026-03-10', '2026-03-11'])(
    'on %s, overdue and on time split the cases with nothing shared or left out',
    (day) => {
      const overdue = run({ overdueOn: day, ...page }).items.map((v) => v.id);
      const onTime = run({ onTimeOn: day, ...page }).items.map((v) => v.id);
      expect(overdue.filter((id) => onTime.includes(id))).toEqual([]);
      expect([...overdue, ...onTime].sort()).toEqual(ids('a', 'b', 'c', 'd').sort());
    },
  );

  test('pages with limit and offset and counts every match', () => {
    const result = run({ limit: 2, offset: 1 });
    expect(result.items.map((v) => v.id)).toEqual(ids('c', 'b'));
    expect(result.total).toBe(4);
    expect(run({ limit: 2, offset: 4 })).toEqual({ items: [], total: 4 });
  });
});

describe('matchesFilter', () => {
  test.each(CASES)('agrees with the SQL store on %s', (_, filter, expected) => {
    const matched = Object.values(seed).filter((v) => matchesFilter(v, { ...filter, ...page }));
    expect(matched.map((v) => v.id).sort()).toEqual([...expected].sort());
  });
});

test('the observation period is bounded by local midnights', () => {
  expect(periodBounds({ from: '2026-03-06', to: '2026-03-06', ...page })).toEqual({
    since: '2026-03-05T17:00:00.000Z',
    until: '2026-03-06T17:00:00.000Z',
  });
  expect(periodBounds(page)).toEqual({ since: undefined, until: undefined });
});
