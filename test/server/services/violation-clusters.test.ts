import { bbox as turfBbox } from '@turf/turf';
import type { BBox } from 'geojson';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { workerIndexBuilder } from '../../../server/services/cluster-builder.ts';
import { ViolationClusters, viewPixels } from '../../../server/services/violation-clusters.ts';
import { createSqliteStore } from '../../../server/store/sqlite/sqlite-store.ts';
import type { Store } from '../../../server/store/store.ts';
import { DUC_XUAN_POINT, makeViolation, reference, settableClock, START } from '../helpers.ts';

const AREA = turfBbox(reference.wards.serviceArea) as BBox;
const audit = { user: null, at: START };
const opened: Store[] = [];
let dir: string | null = null;

afterEach(() => {
  for (const s of opened.splice(0)) s.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

function open(path = ':memory:'): Store {
  // One reader: what is tested is the clusters, and each reader takes a second or two to start.
  const store = createSqliteStore(path, { readers: 1 });
  opened.push(store);
  return store;
}

const count = async (clusters: ViolationClusters, filter = {}) =>
  (await clusters.view(AREA, 8, filter, null)).numberMatched;

/**
 * The worker's builder, with a hold: while held, a finished index is kept back, as if the build
 * were still running.
 */
function heldBuilder() {
  let held: Promise<void> | null = null;
  let release = () => {};
  const gate = {
    finished: 0,
    returned: 0,
    hold() {
      held = new Promise((r) => (release = r));
    },
    release: () => release(),
    builder: {
      async build(...args: Parameters<typeof workerIndexBuilder.build>) {
        const index = await workerIndexBuilder.build(...args);
        gate.finished++;
        await held;
        gate.returned++;
        return index;
      },
    },
  };
  return gate;
}

describe('ViolationClusters', () => {
  test('builds an index once and answers every view from it until a violation changes', async () => {
    const store = open();
    await store.violations.insertMany([makeViolation(), makeViolation()], 'import', audit);
    const clusters = new ViolationClusters({ store, clock: settableClock(START) });
    expect(await count(clusters)).toBe(2);
    await clusters.view(AREA, 5, {}, null);
    expect(clusters.builds).toBe(1);
    const v = makeViolation();
    await store.violations.insert(v, 'create', audit);
    // The request that finds a small index out of date starts its rebuild and waits a moment for
    // it: a lone new report shows at once.
    expect(await count(clusters)).toBe(3);
    expect(clusters.builds).toBe(2);
    // An edit changes no count, but a marker's status or place: it drops the index all the same.
    const archived = { ...v, properties: { ...v.properties, archived_at: START, version: 2 } };
    await store.violations.update(archived, 1, 'archive', audit);
    expect(await count(clusters)).toBe(2);
    expect(clusters.builds).toBe(3);
  });

  test('keeps one index per filter, and a change makes them all out of date', async () => {
    const store = open();
    await store.violations.insertMany(
      [makeViolation({ kind: 'other' }), makeViolation({ kind: 'road_encroachment' })],
      'import',
      audit,
    );
    const clusters = new ViolationClusters({ store, clock: settableClock(START) });
    expect(await count(clusters, { kinds: ['other'] })).toBe(1);
    expect(await count(clusters)).toBe(2);
    expect(await count(clusters, { kinds: ['other'] })).toBe(1);
    expect(clusters.builds).toBe(2);
    await store.violations.insert(makeViolation({ kind: 'other' }), 'create', audit);
    expect(await count(clusters, { kinds: ['other'] })).toBe(2);
    expect(await count(clusters)).toBe(3);
    expect(clusters.builds).toBe(4);
  });

  test("sees another process's commit to the same database (an import beside the server)", async () => {
    dir = mkdtempSync(join(tmpdir(), 'uim-clusters-'));
    const file = join(dir, 'db.sqlite');
    const server = open(file);
    const importer = open(file);
    // The worker reads the file on a connection of its own.
    const clusters = new ViolationClusters({
      store: server,
      clock: settableClock(START),
      databaseFile: file,
    });
    expect(await count(clusters)).toBe(0);
    await importer.violations.insertMany([makeViolation()], 'import', audit);
    expect(await count(clusters)).toBe(1);
  });

  test('an index answers while it is rebuilt, and the next answers have the change once it is built', async () => {
    dir = mkdtempSync(join(tmpdir(), 'uim-clusters-'));
    const file = join(dir, 'db.sqlite');
    const store = open(file);
    await store.violations.insertMany([makeViolation(), makeViolation()], 'import', audit);
    const gate = heldBuilder();
    const clusters = new ViolationClusters({
      store,
      clock: settableClock(START),
      databaseFile: file,
      builder: gate.builder,
      // No request waits for a rebuild, not even a moment.
      limits: { freshWaitMs: 0 },
    });
    // The first index is waited for: there is nothing else to answer with.
    expect(await count(clusters)).toBe(2);
    await store.violations.insert(makeViolation(), 'create', audit);
    gate.hold();
    // The rebuild has been started and is held back: the previous index answers meanwhile.
    expect(await count(clusters)).toBe(2);
    expect(await count(clusters)).toBe(2);
    expect(clusters.builds).toBe(1);
    expect(gate.returned).toBe(1);
    // One rebuild for both requests.
    await expect.poll(() => gate.finished).toBe(2);
    gate.release();
    await clusters.settled();
    expect(gate.returned).toBe(2);
    expect(await count(clusters)).toBe(3);
    expect(clusters.builds).toBe(2);
  });

  test('a failed first build fails the requests that wait for it, until its retry time', async () => {
    dir = mkdtempSync(join(tmpdir(), 'uim-clusters-'));
    const file = join(dir, 'db.sqlite');
    const store = open(file);
    await store.violations.insertMany([makeViolation()], 'import', audit);
    const logged: string[] = [];
    const missing = new ViolationClusters({
      store,
      clock: settableClock(START),
      databaseFile: join(dir, 'gone.sqlite'),
      log: (message) => logged.push(message),
    });
    await expect(count(missing)).rejects.toThrow(/the cluster index failed/);
    // Until the retry time the same failure answers: no build per request.
    await expect(count(missing)).rejects.toThrow(/gone\.sqlite/);
    expect(logged).toEqual([expect.stringMatching(/unfiltered map was not built \(1 in a row\)/)]);
    // The worker lives on for the next build.
    const clusters = new ViolationClusters({
      store,
      clock: settableClock(START),
      databaseFile: file,
    });
    expect(await count(clusters)).toBe(1);
  });

  test('a view is measured in pixels of its zoom: a screen passes, a province at street zoom does not', () => {
    const screen: BBox = [
      DUC_XUAN_POINT[0]! - 0.005,
      DUC_XUAN_POINT[1]! - 0.005,
      DUC_XUAN_POINT[0]! + 0.005,
      DUC_XUAN_POINT[1]! + 0.005,
    ];
    // 0.01° of longitude at zoom 16 is 0.01 / 360 × 512 × 65536 ≈ 932 pixels; Mercator stretches
    // latitude by 1 / cos 22.15° there, and the taller side counts: ≈ 1006.
    expect(viewPixels(screen, 16)).toBeCloseTo(1006, 0);
    expect(viewPixels(AREA, 16)).toBeGreaterThan(4096);
  });
});
