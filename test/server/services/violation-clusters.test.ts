import { bbox as turfBbox } from '@turf/turf';
import type { BBox } from 'geojson';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
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
  const store = createSqliteStore(path);
  opened.push(store);
  return store;
}

const count = (clusters: ViolationClusters, filter = {}) =>
  clusters.view(AREA, 8, filter, null).numberMatched;

describe('ViolationClusters', () => {
  test('builds an index once and answers every view from it until a violation changes', () => {
    const store = open();
    store.violations.insertMany([makeViolation(), makeViolation()], 'import', audit);
    const clusters = new ViolationClusters({ store, clock: settableClock(START) });
    expect(count(clusters)).toBe(2);
    clusters.view(AREA, 5, {}, null);
    expect(clusters.builds).toBe(1);
    const v = makeViolation();
    store.violations.insert(v, 'create', audit);
    expect(count(clusters)).toBe(3);
    expect(clusters.builds).toBe(2);
    // An edit changes no count, but a marker's status or place: it drops the index all the same.
    const archived = { ...v, properties: { ...v.properties, archived_at: START, version: 2 } };
    store.violations.update(archived, 1, 'archive', audit);
    expect(count(clusters)).toBe(2);
    expect(clusters.builds).toBe(3);
  });

  test('keeps one index per filter, and a change drops them all', () => {
    const store = open();
    store.violations.insertMany(
      [makeViolation({ kind: 'other' }), makeViolation({ kind: 'road_encroachment' })],
      'import',
      audit,
    );
    const clusters = new ViolationClusters({ store, clock: settableClock(START) });
    expect(count(clusters, { kinds: ['other'] })).toBe(1);
    expect(count(clusters)).toBe(2);
    expect(count(clusters, { kinds: ['other'] })).toBe(1);
    expect(clusters.builds).toBe(2);
    store.violations.insert(makeViolation({ kind: 'other' }), 'create', audit);
    expect(count(clusters, { kinds: ['other'] })).toBe(2);
    expect(count(clusters)).toBe(3);
    expect(clusters.builds).toBe(4);
  });

  test("sees another process's commit to the same database (an import beside the server)", () => {
    dir = mkdtempSync(join(tmpdir(), 'uim-clusters-'));
    const server = open(join(dir, 'db.sqlite'));
    const importer = open(join(dir, 'db.sqlite'));
    const clusters = new ViolationClusters({ store: server, clock: settableClock(START) });
    expect(count(clusters)).toBe(0);
    importer.violations.insertMany([makeViolation()], 'import', audit);
    expect(count(clusters)).toBe(1);
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
