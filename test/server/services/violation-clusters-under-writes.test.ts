/**
 * The map's clusters while reports keep coming and visitors search: a view answers from the index
 * in hand and never waits for a rebuild, the rebuilds of a filter run one at a time (writes during
 * one make one more, not one each), searches do not push the unfiltered map out of the cache, and
 * a failed or stalled build leaves the index in hand and is tried again later.
 */
import { bbox as turfBbox } from '@turf/turf';
import type { BBox } from 'geojson';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import {
  WorkerIndexBuilder,
  workerIndexBuilder,
  type IndexBuilder,
} from '../../../server/services/cluster-builder.ts';
import { indexSize } from '../../../server/services/cluster-index.ts';
import {
  CLUSTER_DEFAULTS,
  ViolationClusters,
  type ClusterDeps,
  type ClusterFilter,
} from '../../../server/services/violation-clusters.ts';
import type { ViolationFilter } from '../../../server/store/filter.ts';
import { createSqliteStore } from '../../../server/store/sqlite/sqlite-store.ts';
import type { Store } from '../../../server/store/store.ts';
import { DUC_XUAN_POINT, makeViolation, reference, settableClock, START } from '../helpers.ts';

const AREA = turfBbox(reference.wards.serviceArea) as BBox;
const OPTIONS = { radius: 60, maxZoom: 17, extent: 512 };
const audit = { user: null, at: START };
const opened: Store[] = [];
let dir: string | null = null;

afterEach(() => {
  for (const s of opened.splice(0)) s.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

/** A record near the town centre: a low-discrepancy walk, the same every run. */
const near = (i: number, props = {}) =>
  makeViolation(props, {
    type: 'Point',
    coordinates: [
      DUC_XUAN_POINT[0]! + (((i * 0.618034) % 1) - 0.5) * 0.02,
      DUC_XUAN_POINT[1]! + (((i * 0.754878) % 1) - 0.5) * 0.02,
    ],
  });

/** A database file with `records` violations: the worker reads it on a connection of its own. */
async function fileStore(records: number): Promise<{ store: Store; file: string }> {
  dir = mkdtempSync(join(tmpdir(), 'uim-clusters-writes-'));
  const file = join(dir, 'db.sqlite');
  const store = createSqliteStore(file);
  opened.push(store);
  await store.violations.insertMany(
    Array.from({ length: records }, (_, i) => near(i)),
    'import',
    audit,
  );
  return { store, file };
}

let written = 1_000_000;
const create = (store: Store) => store.violations.insert(near(written++), 'create', audit);

const count = async (clusters: ViolationClusters, filter: ClusterFilter = {}) =>
  (await clusters.view(AREA, 8, filter, null)).numberMatched;

/** The promise's value if it comes within `ms`; a failure naming what was waited for if not. */
async function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The worker's builder, recording each build's filter, with a hold: a build started while held
 * keeps its index back until released, as a slow build would.
 */
function gatedBuilder() {
  let held: Promise<void> | null = null;
  let release = () => {};
  const gate = {
    /** Each build's filter, in the order they started. */
    calls: [] as ViolationFilter[],
    returned: 0,
    hold() {
      held = new Promise((r) => (release = r));
    },
    release() {
      held = null;
      release();
    },
    /** Builds of the unfiltered map (no list filter set). */
    unfiltered: () =>
      gate.calls.filter((f) => !f.q && !f.kinds?.length && !f.statuses?.length).length,
    builder: {
      warm: () => workerIndexBuilder.warm(),
      async build(...args: Parameters<IndexBuilder['build']>) {
        const [source] = args;
        if (!('file' in source)) throw new Error('the tests read from a database file');
        gate.calls.push(source.filter);
        const hold = held;
        const index = await workerIndexBuilder.build(...args);
        await hold;
        gate.returned++;
        return index;
      },
    } satisfies IndexBuilder,
  };
  return gate;
}

function clustersOver(
  store: Store,
  file: string,
  builder: IndexBuilder,
  more: Partial<ClusterDeps> = {},
): ViolationClusters {
  return new ViolationClusters({
    store,
    clock: settableClock(START),
    databaseFile: file,
    builder,
    log: () => {},
    ...more,
  });
}

describe('clusters under writes', () => {
  test('with creates coming all the time, every view answers from the index in hand, before the rebuild ends', async () => {
    const { store, file } = await fileStore(5000);
    const gate = gatedBuilder();
    const clusters = clustersOver(store, file, gate.builder);
    // The first index is waited for: nothing else could answer.
    expect(await count(clusters)).toBe(5000);
    // Every later build is slow: it ends only when the test says.
    gate.hold();
    const times: number[] = [];
    for (let i = 0; i < 40; i++) {
      await create(store);
      const started = performance.now();
      const matched = await within(2000, `view ${i}`, count(clusters));
      times.push(performance.now() - started);
      // The index in hand answered: the rebuild has not returned.
      expect(matched).toBe(5000);
    }
    expect(gate.returned).toBe(1);
    // One rebuild under way for all forty views, not one a view or a write.
    expect(gate.calls.length).toBe(2);
    expect(clusters.builds).toBe(1);
    // Bounded: the view that starts the rebuild may wait freshWaitMs for it, the others not at all
    // (the margins are for a busy test machine).
    times.sort((a, b) => a - b);
    expect(times.at(-1)!).toBeLessThan(CLUSTER_DEFAULTS.freshWaitMs + 1500);
    expect(times[20]!).toBeLessThan(500);
    gate.release();
    await clusters.settled();
    // The writes during the rebuild made one more build, which has them all.
    expect(gate.calls.length).toBe(3);
    expect(await count(clusters)).toBe(5040);
    expect(gate.calls.length).toBe(3);
  }, 60_000);

  test('ten writers and a reader at once: the reader never waits for a rebuild, and catches up when they stop', async () => {
    const { store, file } = await fileStore(5000);
    const gate = gatedBuilder();
    // Strictly: not even the view that starts a rebuild waits for it.
    const clusters = clustersOver(store, file, gate.builder, { limits: { freshWaitMs: 0 } });
    expect(await count(clusters)).toBe(5000);
    gate.hold();
    let writing = true;
    const writers = Array.from({ length: 10 }, async () => {
      for (let i = 0; i < 10; i++) {
        await create(store);
        await new Promise((r) => setImmediate(r));
      }
    });
    const reader = (async () => {
      const seen: number[] = [];
      while (writing) {
        seen.push(await within(1000, 'a view', count(clusters)));
        await new Promise((r) => setImmediate(r));
      }
      return seen;
    })();
    await Promise.all(writers);
    writing = false;
    const seen = await reader;
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen)).toEqual(new Set([5000]));
    expect(gate.calls.length).toBe(2);
    gate.release();
    await clusters.settled();
    expect(await count(clusters)).toBe(5100);
  }, 60_000);

  test('a view right after a write answers from the old index while its rebuild runs in the background', async () => {
    const { store, file } = await fileStore(300);
    const gate = gatedBuilder();
    const clusters = clustersOver(store, file, gate.builder, { limits: { freshWaitMs: 0 } });
    expect(await count(clusters)).toBe(300);
    await create(store);
    gate.hold();
    expect(await within(1000, 'the view after a write', count(clusters))).toBe(300);
    // The rebuild was started, by the request, and has not returned.
    expect(gate.calls.length).toBe(2);
    expect(gate.returned).toBe(1);
    gate.release();
    await clusters.settled();
    expect(await count(clusters)).toBe(301);
  }, 60_000);

  test('writes during a rebuild make one more build when it ends, not one each', async () => {
    const { store, file } = await fileStore(200);
    const gate = gatedBuilder();
    const clusters = clustersOver(store, file, gate.builder);
    expect(await count(clusters)).toBe(200);
    gate.hold();
    await create(store);
    expect(await within(2000, 'the view that starts a rebuild', count(clusters))).toBe(200);
    for (let i = 0; i < 10; i++) {
      await create(store);
      expect(await within(1000, `view ${i}`, count(clusters))).toBe(200);
    }
    expect(gate.calls.length).toBe(2);
    gate.release();
    await clusters.settled();
    // The one follow-up read the revision when it started: it has every write, and is current.
    expect(gate.calls.length).toBe(3);
    expect(clusters.builds).toBe(3);
    expect(await count(clusters)).toBe(211);
    await clusters.settled();
    expect(gate.calls.length).toBe(3);
  }, 60_000);

  test('no write during a rebuild, no build after it', async () => {
    const { store, file } = await fileStore(100);
    const gate = gatedBuilder();
    const clusters = clustersOver(store, file, gate.builder, { limits: { freshWaitMs: 0 } });
    expect(await count(clusters)).toBe(100);
    gate.hold();
    await create(store);
    for (let i = 0; i < 5; i++) expect(await within(1000, `view ${i}`, count(clusters))).toBe(100);
    gate.release();
    await clusters.settled();
    expect(gate.calls.length).toBe(2);
    expect(await count(clusters)).toBe(101);
    expect(gate.calls.length).toBe(2);
  }, 60_000);
});

describe('the cache of indexes', () => {
  test('four clients searching for ever new words never push the unfiltered map out', async () => {
    const { store, file } = await fileStore(300);
    const gate = gatedBuilder();
    const clusters = clustersOver(store, file, gate.builder);
    expect(await count(clusters)).toBe(300);
    for (let round = 0; round < 6; round++) {
      for (let client = 0; client < 4; client++) {
        await count(clusters, { q: `vật liệu ${round} ${client}` });
      }
      expect(await count(clusters)).toBe(300);
    }
    expect(gate.unfiltered()).toBe(1);
    expect(gate.calls.length).toBe(1 + 24);
    const cached = await clusters.cached();
    expect(cached.indexes).toBe(CLUSTER_DEFAULTS.cachedIndexes);
  }, 60_000);

  test('a filter in use stays while the least recently used go', async () => {
    const { store, file } = await fileStore(50);
    const gate = gatedBuilder();
    const clusters = clustersOver(store, file, gate.builder, { limits: { maxIndexes: 3 } });
    await count(clusters);
    for (let i = 0; i < 10; i++) {
      await count(clusters, { kinds: ['other'] });
      await count(clusters, { q: `từ ${i}` });
    }
    expect(gate.calls.filter((f) => f.kinds?.length).length).toBe(1);
    expect(gate.calls.filter((f) => f.q).length).toBe(10);
    expect(gate.unfiltered()).toBe(1);
    expect((await clusters.cached()).indexes).toBe(3);
  }, 60_000);

  test('the same filter in another order is the same index', async () => {
    const { store, file } = await fileStore(20);
    const gate = gatedBuilder();
    const clusters = clustersOver(store, file, gate.builder);
    await count(clusters, { kinds: ['other', 'road_encroachment'] });
    await count(clusters, { kinds: ['road_encroachment', 'other'] });
    await count(clusters, { q: '', kinds: [] });
    await count(clusters);
    expect(gate.calls.length).toBe(2);
  }, 60_000);

  test('kept indexes stay within a total of points; the unfiltered one stays whatever its size', async () => {
    const { store, file } = await fileStore(300);
    const gate = gatedBuilder();
    // The unfiltered map alone is over the total.
    const clusters = clustersOver(store, file, gate.builder, { limits: { maxPoints: 200 } });
    expect(await count(clusters)).toBe(300);
    expect(await count(clusters, { kinds: ['other'] })).toBe(300);
    expect(await clusters.cached()).toEqual({ indexes: 1, points: 300 });
    expect(await count(clusters)).toBe(300);
    expect(gate.unfiltered()).toBe(1);
  }, 60_000);
});

describe('failed and stalled builds', () => {
  /** The worker's builder, until told to fail or stall (a stalled build ends only on its signal). */
  function faultyBuilder() {
    const faults = {
      mode: 'build' as 'build' | 'fail' | 'stall',
      calls: 0,
      aborted: 0,
      builder: {
        async build(...args: Parameters<IndexBuilder['build']>) {
          faults.calls++;
          const signal = args[2];
          if (faults.mode === 'fail') throw new Error('the disk is gone');
          if (faults.mode === 'stall') {
            return new Promise<never>((_, reject) =>
              signal!.addEventListener('abort', () => {
                faults.aborted++;
                reject(signal!.reason as Error);
              }),
            );
          }
          return workerIndexBuilder.build(...args);
        },
      } satisfies IndexBuilder,
    };
    return faults;
  }

  test('a rebuild that runs out of time keeps the index in hand, is logged, and is tried again later, not at once', async () => {
    const { store, file } = await fileStore(50);
    const faults = faultyBuilder();
    const logged: string[] = [];
    const clusters = clustersOver(store, file, faults.builder, {
      limits: { buildBudgetMs: 100, retryMs: 500, freshWaitMs: 0 },
      log: (message, error) => logged.push(`${message} ${(error as Error).message}`),
    });
    expect(await count(clusters)).toBe(50);
    faults.mode = 'stall';
    await create(store);
    expect(await count(clusters)).toBe(50);
    await expect.poll(() => logged.length).toBe(1);
    expect(faults.aborted).toBe(1);
    expect(logged[0]).toMatch(/unfiltered map was not built.*the previous one answers.*100 ms/);
    // Until the retry time the index in hand answers, and no build starts.
    faults.mode = 'build';
    for (let i = 0; i < 5; i++) expect(await count(clusters)).toBe(50);
    expect(faults.calls).toBe(2);
    await new Promise((r) => setTimeout(r, 550));
    expect(await count(clusters)).toBe(50);
    expect(faults.calls).toBe(3);
    await clusters.settled();
    expect(await count(clusters)).toBe(51);
  }, 60_000);

  test('a failed rebuild keeps the index in hand; failures in a row wait longer each time', async () => {
    const { store, file } = await fileStore(30);
    const faults = faultyBuilder();
    const logged: string[] = [];
    const clusters = clustersOver(store, file, faults.builder, {
      limits: { retryMs: 200, freshWaitMs: 0 },
      log: (message) => logged.push(message),
    });
    expect(await count(clusters)).toBe(30);
    faults.mode = 'fail';
    await create(store);
    expect(await count(clusters)).toBe(30);
    await clusters.settled();
    expect(logged).toEqual([expect.stringMatching(/1 in a row.*next try in 0.2 s/)]);
    await new Promise((r) => setTimeout(r, 250));
    expect(await count(clusters)).toBe(30);
    await clusters.settled();
    expect(logged[1]).toMatch(/2 in a row.*next try in 0.4 s/);
    expect(faults.calls).toBe(3);
    // Sooner than that, requests start nothing.
    await new Promise((r) => setTimeout(r, 250));
    expect(await count(clusters)).toBe(30);
    expect(faults.calls).toBe(3);
  }, 60_000);

  test('the worker gives up a build on its signal, and builds the next one', async () => {
    const builder = new WorkerIndexBuilder();
    try {
      // Enough points to keep the worker busy for seconds.
      const many = new Float64Array(3 * 1_500_000);
      for (let i = 0; i < many.length; i += 3) {
        many[i] = i / 3;
        many[i + 1] = 105.8 + Math.random() * 0.1;
        many[i + 2] = 22.1 + Math.random() * 0.1;
      }
      const budget = new AbortController();
      const building = builder.build({ positions: many }, OPTIONS, budget.signal);
      // A job queued behind it is only forgotten when given up.
      const queued = new AbortController();
      const behind = builder.build(
        { positions: new Float64Array([1, 105.8, 22.1]) },
        OPTIONS,
        queued.signal,
      );
      queued.abort(new Error('not wanted'));
      await expect(behind).rejects.toThrow('not wanted');
      setTimeout(() => budget.abort(new Error('out of time')), 200);
      await expect(building).rejects.toThrow('out of time');
      const next = await builder.build(
        { positions: new Float64Array([1, 105.8, 22.1, 2, 105.81, 22.11, 3, 105.9, 22.2]) },
        OPTIONS,
      );
      expect(indexSize(next)).toBe(3);
    } finally {
      await builder.close();
    }
  }, 60_000);
});
