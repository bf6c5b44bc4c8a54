import { bbox as turfBbox, booleanPointInPolygon, coordAll } from '@turf/turf';
import type { Feature, Polygon, Position } from 'geojson';
import { describe, expect, test } from 'vitest';
import { AreaIndex } from '../../../server/domain/area-index.ts';
import { random } from '../../../bench/synthetic.ts';
import { reference } from '../helpers.ts';

const AREAS = [
  ['the service area', reference.wards.serviceArea],
  ...reference.wards.wards.features.map((w) => [`ward ${w.id}`, w] as const),
] as const;

/** Points of every kind that could trip a grid: random, the area's own vertices and edges, grid lines. */
function probes(area: Feature<Polygon | import('geojson').MultiPolygon>): Position[] {
  const rand = random(42);
  const [minX, minY, maxX, maxY] = turfBbox(area);
  const points: Position[] = [];
  for (let i = 0; i < 20_000; i++) {
    points.push([
      minX - 0.01 + rand() * (maxX - minX + 0.02),
      minY - 0.01 + rand() * (maxY - minY + 0.02),
    ]);
  }
  const vertices = coordAll(area);
  for (let i = 0; i + 1 < vertices.length; i += 7) {
    const [a, b] = [vertices[i]!, vertices[i + 1]!];
    points.push(a, [(a[0]! + b[0]!) / 2, (a[1]! + b[1]!) / 2]);
  }
  // On the grid's lines (64 cells a side) and at its corners.
  for (let k = 0; k <= 64; k++) {
    const x = minX + ((maxX - minX) * k) / 64;
    const y = minY + ((maxY - minY) * k) / 64;
    for (let m = 0; m < 30; m++) {
      points.push([x, minY + rand() * (maxY - minY)], [minX + rand() * (maxX - minX), y]);
    }
    points.push([x, y]);
  }
  return points;
}

describe('AreaIndex', () => {
  test.each(AREAS)('answers exactly as booleanPointInPolygon for %s', (_, area) => {
    const index = new AreaIndex(area);
    const points = probes(area);
    const differ = points.filter((p) => index.contains(p) !== booleanPointInPolygon(p, area));
    expect(differ).toEqual([]);
    // The probes hit both answers, or the comparison proves little.
    expect(points.some((p) => index.contains(p))).toBe(true);
    expect(points.some((p) => !index.contains(p))).toBe(true);
  });

  test('a small area is tested directly, with the same answers', () => {
    const square: Feature<Polygon> = {
      type: 'Feature',
      properties: {},
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [1, 1],
            [0, 1],
            [0, 0],
          ],
        ],
      },
    };
    const index = new AreaIndex(square);
    expect(
      [
        [0.5, 0.5],
        [1, 0.5],
        [1.5, 0.5],
        [0, 0],
      ].map((p) => index.contains(p)),
    ).toEqual([true, true, false, true]);
  });
});
