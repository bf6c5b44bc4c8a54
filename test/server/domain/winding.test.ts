/**
 * RFC 7946 winding on what the app hands out: exterior rings counterclockwise and holes
 * clockwise, whichever way they were drawn; lines keep their direction; a point's text is copied
 * through untouched.
 */
import fc from 'fast-check';
import type { Geometry, Polygon, Position } from 'geojson';
import { describe, expect, test } from 'vitest';
import { rfc7946Winding, rfc7946WindingJson } from '../../../server/domain/winding.ts';

/** Twice the signed area of a ring (shoelace): positive when counterclockwise. */
function signedArea(ring: Position[]): number {
  let sum = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    sum += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
  }
  return sum;
}

/** A square ring around (x, y), counterclockwise or not. */
const ring = (x: number, y: number, size: number, ccw: boolean): Position[] => {
  const r = [
    [x, y],
    [x + size, y],
    [x + size, y + size],
    [x, y + size],
    [x, y],
  ];
  return ccw ? r : r.reverse();
};

function expectRfc7946(polygon: Polygon) {
  const [outer, ...holes] = polygon.coordinates;
  expect(signedArea(outer!)).toBeGreaterThan(0);
  for (const hole of holes) expect(signedArea(hole)).toBeLessThan(0);
}

describe('polygons', () => {
  test('any winding of an exterior ring and its hole comes out by the rule, the same rings', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.boolean(), (outerCcw, holeCcw) => {
        const drawn: Polygon = {
          type: 'Polygon',
          coordinates: [ring(105.8, 22.1, 0.01, outerCcw), ring(105.803, 22.103, 0.002, holeCcw)],
        };
        const wound = rfc7946Winding(drawn);
        expectRfc7946(wound);
        // The same corners: only the order along each ring may change.
        wound.coordinates.forEach((r, i) =>
          expect(new Set(r.map(String))).toEqual(new Set(drawn.coordinates[i]!.map(String))),
        );
      }),
    );
  });

  test('each polygon of a MultiPolygon, and a polygon in a GeometryCollection', () => {
    const multi = rfc7946Winding({
      type: 'MultiPolygon',
      coordinates: [[ring(105.8, 22.1, 0.01, false)], [ring(105.9, 22.1, 0.01, true)]],
    });
    for (const coordinates of multi.coordinates) expectRfc7946({ type: 'Polygon', coordinates });
    const collection = rfc7946Winding({
      type: 'GeometryCollection',
      geometries: [{ type: 'Polygon', coordinates: [ring(105.8, 22.1, 0.01, false)] }],
    });
    expectRfc7946(collection.geometries[0] as Polygon);
  });
});

describe('what keeps its order', () => {
  test('a line keeps its direction, as drawn along the street', () => {
    const line: Geometry = {
      type: 'LineString',
      coordinates: [
        [105.81, 22.1],
        [105.8, 22.1],
        [105.8, 22.11],
      ],
    };
    expect(rfc7946Winding(line)).toEqual(line);
  });

  test('the text of a point or of no geometry is the same text; a polygon’s is rewound', () => {
    const point = '{"type":"Point","coordinates":[105.8,22.1]}';
    expect(rfc7946WindingJson(point)).toBe(point);
    expect(rfc7946WindingJson('null')).toBe('null');
    const clockwise = JSON.stringify({
      type: 'Polygon',
      coordinates: [ring(105.8, 22.1, 0.01, false)],
    });
    expectRfc7946(JSON.parse(rfc7946WindingJson(clockwise)) as Polygon);
  });
});
