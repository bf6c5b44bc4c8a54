/**
 * Four seeded cases and what each filter must answer for them: shared by the store contract (every
 * store's list and listAsOf) and by the in-memory matchesFilter tests.
 */
import type { Violation } from '../../../server/domain/violations/violation.ts';
import type { ViolationFilter } from '../../../server/store/filter.ts';
import { makeViolation, square } from '../helpers.ts';

// Four cases; observed times in UTC, with their local (UTC+7) dates.
export const FILTER_SEED: Record<'a' | 'b' | 'c' | 'd', Violation> = {
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

/** The ids of seeded cases, in the order given. */
export const seedIds = (...keys: (keyof typeof FILTER_SEED)[]) =>
  keys.map((k) => FILTER_SEED[k].id);

/** [what is filtered, the filter without paging, the ids expected, newest observation first]. */
export const FILTER_CASES: [string, Omit<ViolationFilter, 'limit' | 'offset'>, string[]][] = [
  ['no filter: newest observation first', {}, seedIds('d', 'c', 'b', 'a')],
  ['kinds', { kinds: ['road_encroachment', 'other'] }, seedIds('d', 'a')],
  ['statuses', { statuses: ['recorded', 'decided'] }, seedIds('c', 'b')],
  ['ward', { ward: '2025-01843' }, seedIds('b')],
  ['shape: the areas (a layer of polygons)', { shape: 'areas' }, seedIds('c')],
  ['shape: the points', { shape: 'points' }, seedIds('d', 'b', 'a')],
  ['shape: lines, which violations have none of', { shape: 'lines' }, []],
  [
    'shape with other fields',
    { shape: 'points', kinds: ['illegal_grading', 'other'] },
    seedIds('d'),
  ],
  [
    'observed between two instants, both ends included',
    { observedFrom: '2026-03-05T16:30:00.000Z', observedTo: '2026-03-05T17:30:00.000Z' },
    seedIds('c', 'b'),
  ],
  ['observed from an instant on', { observedFrom: '2026-03-05T17:30:00.001Z' }, seedIds('d')],
  ['observed up to an instant', { observedTo: '2026-03-05T16:29:59.999Z' }, seedIds('a')],
  [
    'from a local date (00:30 local counts for that day)',
    { from: '2026-03-06' },
    seedIds('d', 'c'),
  ],
  ['to a local date (23:30 local counts for that day)', { to: '2026-03-05' }, seedIds('b', 'a')],
  ['a one-day period', { from: '2026-03-05', to: '2026-03-05' }, seedIds('b')],
  [
    'overdue on 2026-03-10: due 03-09 yes, due 03-10 not yet',
    { overdueOn: '2026-03-10' },
    seedIds('b'),
  ],
  ['overdue on 2026-03-11', { overdueOn: '2026-03-11' }, seedIds('c', 'b')],
  [
    'on time on 2026-03-10: no deadline, or due 03-10 (the day itself)',
    { onTimeOn: '2026-03-10' },
    seedIds('d', 'c', 'a'),
  ],
  [
    'on time on 2026-03-09: due 03-09 is not yet overdue',
    { onTimeOn: '2026-03-09' },
    seedIds('d', 'c', 'b', 'a'),
  ],
  [
    'on time on 2026-03-11: only the cases without a deadline',
    { onTimeOn: '2026-03-11' },
    seedIds('d', 'a'),
  ],
  [
    'on time, with other fields',
    { statuses: ['recorded', 'decided'], onTimeOn: '2026-03-10' },
    seedIds('c'),
  ],
  [
    'overdue and on time on the same day: nothing',
    { overdueOn: '2026-03-10', onTimeOn: '2026-03-10' },
    [],
  ],
  ['bbox around Phong Quang, a polygon', { bbox: [105.75, 22.2, 105.77, 22.22] }, seedIds('c')],
  ['text', { q: 'lan chiem' }, seedIds('a')],
  [
    'everything together',
    { kinds: ['illegal_construction'], ward: '2025-01843', overdueOn: '2026-03-10' },
    seedIds('b'),
  ],
  ['nothing matches', { kinds: ['land_encroachment'] }, []],
];
