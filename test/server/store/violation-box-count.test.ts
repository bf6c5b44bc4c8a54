/**
 * The count of a view's box, read from the R*Tree (violation-box-count.ts), is the count of the
 * records `matchesFilter` finds in it: points and areas on the box's edges and across them, the
 * R*Tree's rounded boxes, archived records left out, included or alone. Pages of one record, so
 * that every count is counted rather than read off a last page.
 */
import fc from 'fast-check';
import { expect, test } from 'vitest';
import type { BBox } from 'geojson';
import type { Violation } from '../../../server/domain/violations/violation.ts';
import { matchesFilter, type ViolationFilter } from '../../../server/store/filter.ts';
import { createSqliteStore } from '../../../server/store/sqlite/sqlite-store.ts';
import { makeViolation, square, START } from '../helpers.ts';

/** A grid of a few steps, so that records lie on the edges of the boxes drawn on it. */
const STEP = 0.001;
const at = (i: number) => [105.8 + i * STEP, 22.1 + i * STEP] as const;
const grid = fc.integer({ min: 0, max: 8 });

const record = fc
  .record({
    x: grid,
    y: grid,
    area: fc.boolean(),
    archived: fc.boolean(),
    nudge: fc.constantFrom(0, 1e-9, -1e-9),
  })
  .map(({ x, y, area, archived, nudge }) => {
    const [lon, lat] = [at(x)[0] + nudge, at(y)[1]];
    return makeViolation(
      { archived_at: archived ? START : null },
      area ? square([lon, lat], STEP * 1.5) : { type: 'Point', coordinates: [lon, lat] },
    );
  });

const box = fc
  .record({
    x0: grid,
    y0: grid,
    w: fc.integer({ min: 0, max: 4 }),
    h: fc.integer({ min: 0, max: 4 }),
  })
  .map(({ x0, y0, w, h }): BBox => [at(x0)[0], at(y0)[1], at(x0 + w)[0], at(y0 + h)[1]]);

test('the count of a box is the records in it, archived or not as asked', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(record, { minLength: 1, maxLength: 30 }),
      box,
      fc.constantFrom(undefined, 'include' as const, 'only' as const),
      async (records: Violation[], bbox, archived) => {
        const store = createSqliteStore(':memory:');
        try {
          for (const v of records) {
            await store.violations.insert(v, 'create', { user: null, at: START });
          }
          const filter: ViolationFilter = { bbox, archived, limit: 1, offset: 0 };
          const expected = records.filter((v) => matchesFilter(v, filter)).length;
          expect((await store.violations.list(filter)).total).toBe(expected);
        } finally {
          await store.close();
        }
      },
    ),
    { numRuns: 80 },
  );
});
