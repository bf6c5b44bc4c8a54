/**
 * A view's box read on the R*Tree (violation-box.ts) answers what the filter on the records
 * answers: the page is the records `matchesFilter` finds in the box, newest observation first
 * (the later written first among equals), and the count is theirs. Points and areas on the box's
 * edges and across them, the R*Tree's rounded boxes, records moved and archived after they were
 * written, archived records left out, included or alone. Both reads of a box (the R*Tree's, and
 * the live records' newest first) give the same page.
 */
import fc from 'fast-check';
import { expect, test } from 'vitest';
import type { BBox } from 'geojson';
import type { Violation } from '../../../server/domain/violations/violation.ts';
import { matchesFilter, type ViolationFilter } from '../../../server/store/filter.ts';
import { openDatabase } from '../../../server/store/sqlite/database.ts';
import { migrate } from '../../../server/store/sqlite/migrate.ts';
import { createSqliteStore } from '../../../server/store/sqlite/sqlite-store.ts';
import { boxPageKeys } from '../../../server/store/sqlite/violation-box.ts';
import { SqliteViolationRepository } from '../../../server/store/sqlite/violation-repository.ts';
import { makeViolation, square, START } from '../helpers.ts';

/** A grid of a few steps, so that records lie on the edges of the boxes drawn on it. */
const STEP = 0.001;
const at = (i: number) => [105.8 + i * STEP, 22.1 + i * STEP] as const;
const grid = fc.integer({ min: 0, max: 8 });
/** Few instants, so that many records share one and the order among equals is tested too. */
const observed = fc.constantFrom(
  '2026-03-01T01:00:00.000Z',
  '2026-03-02T01:00:00.000Z',
  '2026-03-03T01:00:00.000Z',
);

/**
 * A point, a square, or a triangle whose box holds corners of the grid that the triangle does not
 * (so a record's box meeting a view's is not enough to be in it).
 */
const place = fc
  .record({
    x: grid,
    y: grid,
    shape: fc.constantFrom('point', 'square', 'triangle'),
    nudge: fc.constantFrom(0, 1e-9, -1e-9),
  })
  .map(({ x, y, shape, nudge }): Violation['geometry'] => {
    const [lon, lat] = [at(x)[0] + nudge, at(y)[1]];
    if (shape === 'square') return square([lon, lat], STEP * 1.5);
    if (shape === 'point') return { type: 'Point', coordinates: [lon, lat] };
    const side = STEP * 2.5;
    return {
      type: 'Polygon',
      coordinates: [
        [
          [lon, lat],
          [lon + side, lat],
          [lon, lat + side],
          [lon, lat],
        ],
      ],
    };
  });

/** A record as written, and as it is after an edit that may move, redate or archive it. */
const record = fc
  .record({
    first: place,
    observedAt: observed,
    edit: fc.option(fc.record({ to: place, observedAt: observed, archived: fc.boolean() })),
  })
  .map(({ first, observedAt, edit }) => {
    const written = makeViolation({ observed_at: observedAt }, first);
    const now = edit
      ? {
          ...written,
          geometry: edit.to,
          properties: {
            ...written.properties,
            observed_at: edit.observedAt,
            archived_at: edit.archived ? START : null,
            version: 2,
          },
        }
      : written;
    return { written, now };
  });

const box = fc
  .record({
    x0: grid,
    y0: grid,
    w: fc.integer({ min: 0, max: 4 }),
    h: fc.integer({ min: 0, max: 4 }),
  })
  .map(({ x0, y0, w, h }): BBox => [at(x0)[0], at(y0)[1], at(x0 + w)[0], at(y0 + h)[1]]);

/** Mostly the first pages: a box holds a few of the records, and a far page is empty. */
const offset = fc.oneof(
  fc.constant(0),
  fc.integer({ min: 0, max: 3 }),
  fc.integer({ min: 0, max: 10 }),
);

test('a page of a box and its count are the records in it, newest first', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(record, { minLength: 1, maxLength: 30 }),
      box,
      fc.constantFrom(undefined, 'include' as const, 'only' as const),
      fc.integer({ min: 1, max: 8 }),
      offset,
      async (records, bbox, archived, limit, offset) => {
        const store = createSqliteStore(':memory:');
        const audit = { user: null, at: START };
        try {
          for (const { written } of records)
            await store.violations.insert(written, 'create', audit);
          for (const { written, now } of records) {
            if (now !== written) await store.violations.update(now, 1, 'update', audit);
          }
          const filter: ViolationFilter = { bbox, archived, limit, offset };
          // Newest observation first; among equals the later written (the store's own order).
          const matched: Violation[] = records
            .map(({ now }) => now)
            .filter((v) => matchesFilter(v, filter))
            .reverse()
            .sort((a, b) => b.properties.observed_at.localeCompare(a.properties.observed_at));
          const page = await store.violations.list(filter);
          expect(page.items.map((v) => v.id)).toEqual(
            matched.slice(offset, offset + limit).map((v) => v.id),
          );
          expect(page.total).toBe(matched.length);
        } finally {
          await store.close();
        }
      },
    ),
    { numRuns: 100 },
  );
});

test('the R*Tree and the live records read newest first give a box the same page', () => {
  const db = openDatabase(':memory:');
  migrate(db);
  const violations = new SqliteViolationRepository(db);
  const audit = { user: null, at: START };
  fc.assert(
    fc.property(
      fc.array(record, { minLength: 1, maxLength: 30 }),
      box,
      fc.integer({ min: 1, max: 8 }),
      offset,
      (records, bbox, limit, offset) => {
        // Each run writes inside a savepoint that it rolls back, on one database migrated once:
        // a database made and migrated for each of the 200 runs took most of the test's time.
        db.exec('SAVEPOINT run');
        try {
          for (const { written } of records) violations.insert(written, 'create', audit);
          for (const { written, now } of records) {
            if (now !== written) violations.update(now, 1, 'update', audit);
          }
          const filter: ViolationFilter = { bbox, limit, offset };
          const keys = (read: 'tree' | 'time') => {
            const { sql, params } = boxPageKeys(filter, read);
            return db.prepare(sql).all(...params);
          };
          expect(keys('time')).toEqual(keys('tree'));
        } finally {
          db.exec('ROLLBACK TO run; RELEASE run');
        }
      },
    ),
    { numRuns: 200 },
  );
  db.close();
});
