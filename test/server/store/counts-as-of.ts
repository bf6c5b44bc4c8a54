/**
 * The counts as of an instant (statistics by ward, a month's flows) that a store makes in SQL
 * agree with the streaming path they replaced: every record's last state before the instant,
 * read from the version history, filtered by `matchesFilter` and folded by the domain functions.
 * Random histories and queries, so the SQL mirror of the filter and of `addFlows` is pinned to
 * the JavaScript definitions on the same data; and the current records, listed and counted with
 * the same filters, select what `matchesFilter` selects. Every store's test file runs these with
 * its factory: `describeCountsAsOf('SQLite', () => createSqliteStore(':memory:'))`.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { VIOLATION_KINDS } from '../../../server/domain/violations/violation-kinds.ts';
import { VIOLATION_STATUSES } from '../../../server/domain/violations/violation-statuses.ts';
import {
  addFlows,
  emptyFlows,
  type FlowWindow,
} from '../../../server/domain/violations/monthly-flows.ts';
import type { Violation } from '../../../server/domain/violations/violation.ts';
import {
  tallyByWard,
  type ViolationGroup,
  type WardInfo,
} from '../../../server/domain/violations/ward-statistics.ts';
import { matchesFilter, type ViolationFilter } from '../../../server/store/filter.ts';
import type { Store } from '../../../server/store/store.ts';
import { makeViolation } from '../helpers.ts';

const WARDS = ['2025-01843', '2025-01840', '2025-01849'];
const WARD_INFO: WardInfo[] = WARDS.map((code) => ({
  code,
  name: code,
  short_name: code,
  population: 1000,
}));
/** Instants a few hours apart around a month's turn (UTC+7), so bounds are hit exactly. */
const INSTANTS = [
  '2026-01-30T17:00:00.000Z',
  '2026-01-31T16:59:59.999Z',
  '2026-01-31T17:00:00.000Z',
  '2026-02-10T03:00:00.000Z',
  '2026-02-28T17:00:00.000Z',
  '2026-03-05T03:00:00.000Z',
];
const DAYS = ['2026-01-30', '2026-01-31', '2026-02-01', '2026-02-15', '2026-02-28', '2026-03-01'];
const TEXTS = ['Lấn chiếm vỉa hè', 'Đổ phế thải ra đường', 'Xây nhà không phép'];

const instant = fc.constantFrom(...INSTANTS);
const day = fc.constantFrom(...DAYS);

/** One state a record may be in: what the counts and the filters read. */
const state = fc.record({
  kind: fc.constantFrom(...VIOLATION_KINDS),
  status: fc.constantFrom(...VIOLATION_STATUSES),
  ward: fc.option(fc.constantFrom(...WARDS)),
  deadline: fc.option(day),
  observed_at: instant,
  description: fc.constantFrom(...TEXTS),
  archived_at: fc.option(instant),
  lon: fc.double({ min: 105.8, max: 105.86, noNaN: true }),
  lat: fc.double({ min: 22.12, max: 22.17, noNaN: true }),
  /** The last step's status: the record's own mostly, another one at times. */
  lastStep: fc.option(fc.constantFrom(...VIOLATION_STATUSES), { nil: undefined }),
  steps: fc.integer({ min: 0, max: 2 }),
});

/** A record's history: its states, each written at one of the instants (in order). */
const history = fc
  .tuple(fc.array(state, { minLength: 1, maxLength: 3 }), fc.array(instant, { minLength: 3 }))
  .map(([states, at]) => {
    const sorted = [...at].sort();
    return states.map((s, i) => ({ s, at: sorted[Math.min(i, sorted.length - 1)]! }));
  });

function toViolation(
  id: string,
  s: StateOf,
  version: number,
  at: string,
  created: string,
): Violation {
  const v = makeViolation(
    {
      kind: s.kind,
      status: s.status,
      ward: s.ward ? { code: s.ward, name: s.ward } : null,
      deadline: s.deadline,
      observed_at: s.observed_at,
      created_at: created,
      updated_at: at,
      description: s.description,
      archived_at: s.archived_at,
      version,
    },
    { type: 'Point', coordinates: [s.lon, s.lat] },
    id,
  );
  const step = v.properties.steps[0]!;
  v.properties.steps = Array.from({ length: s.steps }, (_, i) => ({
    ...step,
    status: i === s.steps - 1 ? (s.lastStep ?? s.status) : 'reported',
    entered_at: i === s.steps - 1 ? at : created,
  }));
  return v;
}
type StateOf = typeof state extends fc.Arbitrary<infer T> ? T : never;

const FILTER_KEYS = [
  'kinds',
  'statuses',
  'ward',
  'from',
  'to',
  'q',
  'overdueOn',
  'onTimeOn',
  'archived',
  'bbox',
] as const;

/** Up to three of the filters at once: more would leave nothing to count, most of the time. */
const filter: fc.Arbitrary<ViolationFilter> = fc
  .tuple(
    fc.record({
      kinds: fc.subarray([...VIOLATION_KINDS]),
      statuses: fc.subarray([...VIOLATION_STATUSES]),
      ward: fc.constantFrom(...WARDS),
      from: day,
      to: day,
      q: fc.constantFrom('lan chiem', 'phe', 'nha khong', 'đổ', 'vỉa   hè', 'zzz'),
      overdueOn: day,
      onTimeOn: day,
      archived: fc.constantFrom('only' as const, 'include' as const),
      bbox: fc.constant([105.81, 22.13, 105.84, 22.16] as [number, number, number, number]),
    }),
    fc.subarray([...FILTER_KEYS], { maxLength: 3 }),
  )
  .map(([all, keys]) => ({
    ...Object.fromEntries(keys.map((k) => [k, all[k]])),
    limit: 0,
    offset: 0,
  }));

/** Writes the histories through the repository: an insert, then an update per later state. */
async function seeded(
  makeStore: () => Store | Promise<Store>,
  histories: { s: StateOf; at: string }[][],
): Promise<Store> {
  const store = await makeStore();
  for (const h of histories) {
    const id = crypto.randomUUID();
    const created = h[0]!.at;
    for (const [i, { s, at }] of h.entries()) {
      const v = toViolation(id, s, i + 1, at, created);
      const audit = { user: null, at };
      const ok =
        i === 0
          ? await store.violations.insert(v, 'create', audit)
          : await store.violations.update(v, i, 'edit', audit);
      expect(ok).toBe(true);
    }
  }
  return store;
}

/** The streaming path: every record's last state before the instant, in JavaScript. */
async function statesBefore(store: Store, until: string): Promise<Violation[]> {
  const states: Violation[] = [];
  for await (const { state } of store.versions.statesChangedIn('violations', '', until)) {
    states.push(state as Violation);
  }
  return states;
}

/** Groups as one count per ward × kind × status × deadline, whatever their order or split. */
function normalised(groups: Iterable<ViolationGroup>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const g of groups) {
    const key = JSON.stringify([g.ward, g.kind, g.status, g.deadline]);
    counts[key] = (counts[key] ?? 0) + g.count;
  }
  return counts;
}

const histories = fc.array(history, { maxLength: 25 });

/** Registers the properties under `${name}: counts as of an instant`; a fresh store per run. */
export function describeCountsAsOf(name: string, makeStore: () => Store | Promise<Store>): void {
  describe(`${name}: counts as of an instant`, () => {
    test('group the records as the streamed states filtered by matchesFilter do', async () => {
      let counted = 0;
      await fc.assert(
        fc.asyncProperty(histories, instant, filter, day, async (hs, until, f, judgedOn) => {
          const store = await seeded(makeStore, hs);
          try {
            const reference = (await statesBefore(store, until))
              .filter((v) => matchesFilter(v, f))
              .map((v) => ({
                ward: v.properties.ward?.code ?? null,
                kind: v.properties.kind,
                status: v.properties.status,
                deadline: v.properties.deadline,
                count: 1,
              }));
            const groups = await store.violations.countGroupsAsOf(until, f);
            if (reference.length > 0) counted++;
            expect(normalised(groups)).toEqual(normalised(reference));
            // Open and overdue come from the domain's one rule, on the same groups.
            expect(tallyByWard(groups, WARD_INFO, judgedOn)).toEqual(
              tallyByWard(reference, WARD_INFO, judgedOn),
            );
          } finally {
            await store.close();
          }
        }),
        { numRuns: 80 },
      );
      // Many runs count something: the comparison is not of empty answers.
      expect(counted).toBeGreaterThan(10);
    });

    test("count a window's flows as addFlows folds the streamed states", async () => {
      const window = fc
        .tuple(instant, instant)
        .map(([a, b]): FlowWindow => (a <= b ? { since: a, until: b } : { since: b, until: a }));
      await fc.assert(
        fc.asyncProperty(histories, window, async (hs, w) => {
          const store = await seeded(makeStore, hs);
          try {
            const reference = emptyFlows();
            for (const v of await statesBefore(store, w.until)) addFlows(reference, v, w);
            expect(await store.violations.flows(w)).toEqual(reference);
          } finally {
            await store.close();
          }
        }),
        { numRuns: 80 },
      );
    });

    // Instants early and late in a history take the two ways of finding the states (from the
    // versions before, or from the records moved since): both must list what the stream holds.
    test('list the records as the streamed states filtered by matchesFilter, newest observation first, in pages that tile', async () => {
      let listed = 0;
      await fc.assert(
        fc.asyncProperty(histories, instant, filter, async (hs, until, f) => {
          const store = await seeded(makeStore, hs);
          try {
            const reference = (await statesBefore(store, until)).filter((v) => matchesFilter(v, f));
            const all = await store.violations.listAsOf(until, { ...f, limit: 1000, offset: 0 });
            if (reference.length > 0) listed++;
            expect(all.total).toBe(reference.length);
            expect(all.items.map((v) => v.id).sort()).toEqual(reference.map((v) => v.id).sort());
            // Each state is the one the stream holds, not the record as it is now.
            const byId = new Map(reference.map((v) => [v.id, v]));
            for (const v of all.items) expect(v).toEqual(byId.get(v.id));
            const observed = all.items.map((v) => v.properties.observed_at);
            expect(observed).toEqual([...observed].sort().reverse());
            const pages = [];
            for (let offset = 0; offset < all.total + 2; offset += 2) {
              const page = await store.violations.listAsOf(until, { ...f, limit: 2, offset });
              expect(page.total).toBe(all.total);
              pages.push(...page.items.map((v) => v.id));
            }
            expect(pages).toEqual(all.items.map((v) => v.id));
          } finally {
            await store.close();
          }
        }),
        { numRuns: 60 },
      );
      expect(listed).toBeGreaterThan(5);
    });

    test('lists and counts the current records as matchesFilter selects them', async () => {
      await fc.assert(
        fc.asyncProperty(histories, filter, async (hs, f) => {
          const store = await seeded(makeStore, hs);
          try {
            const current = (await statesBefore(store, '9999')).filter((v) => matchesFilter(v, f));
            const page = await store.violations.list({ ...f, limit: 1000, offset: 0 });
            expect(page.items.map((v) => v.id).sort()).toEqual(current.map((v) => v.id).sort());
            expect(page.total).toBe(current.length);
            const groups = current.map((v) => ({
              ward: v.properties.ward?.code ?? null,
              kind: v.properties.kind,
              status: v.properties.status,
              deadline: v.properties.deadline,
              count: 1,
            }));
            expect(normalised(await store.violations.countGroups(f))).toEqual(normalised(groups));
          } finally {
            await store.close();
          }
        }),
        { numRuns: 40 },
      );
    });

    test('judges a changed record by its words and place as they stood, not as they are', async () => {
      const store = await makeStore();
      try {
        const [first, edit] = [INSTANTS[0]!, INSTANTS[3]!];
        const state = (description: string, lon: number, lat: number): StateOf => ({
          kind: 'other',
          status: 'reported',
          ward: null,
          deadline: null,
          observed_at: first,
          description,
          archived_at: null,
          lon,
          lat,
          lastStep: undefined,
          steps: 0,
        });
        const v = toViolation('a', state(TEXTS[0]!, 105.82, 22.13), 1, first, first);
        expect(await store.violations.insert(v, 'create', { user: null, at: first })).toBe(true);
        const next = toViolation('a', state(TEXTS[2]!, 105.85, 22.16), 2, edit, first);
        expect(await store.violations.update(next, 1, 'edit', { user: null, at: edit })).toBe(true);
        const count = async (f: Partial<ViolationFilter>) =>
          (
            await store.violations.countGroupsAsOf(INSTANTS[1]!, { ...f, limit: 0, offset: 0 })
          ).reduce((n, g) => n + g.count, 0);
        expect(await count({ q: 'lan chiem' })).toBe(1);
        expect(await count({ q: 'nha khong' })).toBe(0);
        expect(await count({ bbox: [105.81, 22.12, 105.83, 22.14] })).toBe(1);
        expect(await count({ bbox: [105.84, 22.15, 105.86, 22.17] })).toBe(0);
      } finally {
        await store.close();
      }
    });

    test('an empty store counts nothing', async () => {
      const store = await makeStore();
      expect(await store.violations.countGroupsAsOf(INSTANTS[3]!, { limit: 0, offset: 0 })).toEqual(
        [],
      );
      expect(await store.violations.flows({ since: INSTANTS[0]!, until: INSTANTS[4]! })).toEqual(
        emptyFlows(),
      );
      await store.close();
    });
  });
}
