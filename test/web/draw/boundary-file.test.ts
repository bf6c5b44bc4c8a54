import { describe, expect, test } from 'vitest';
import {
  BoundaryFileError,
  readBoundary,
  type BoundaryFileProblem,
} from '../../../web/src/lib/draw/boundary-file.ts';
import { boundaryFrom, lineFrom } from '../../../web/src/lib/draw/boundary-draw.ts';
import { MAX_VERTICES } from '../../../server/domain/geometry.ts';

const ring = [
  [105.83, 22.14, 12],
  [105.84, 22.14, 12],
  [105.84, 22.15, 12],
  [105.83, 22.14, 12],
];
const flat = ring.map(([x, y]) => [x, y]);

async function problem(text: string): Promise<BoundaryFileProblem> {
  try {
    await readBoundary(text);
  } catch (e) {
    if (e instanceof BoundaryFileError) return e.problem;
    throw e;
  }
  throw new Error('read a boundary');
}

describe('a boundary from a GeoJSON file', () => {
  test('is the first polygon of a collection, after points and lines, its altitudes dropped', async () => {
    const text = JSON.stringify({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: {},
          geometry: { type: 'Point', coordinates: [105.8, 22.1] },
        },
        { type: 'Feature', properties: {}, geometry: null },
        {
          type: 'Feature',
          properties: { name: 'A' },
          geometry: { type: 'Polygon', coordinates: [ring] },
        },
        { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[]] } },
      ],
    });
    expect(await readBoundary(text)).toEqual({ type: 'Polygon', coordinates: [flat] });
  });

  test('keeps a MultiPolygon whole, found inside a GeometryCollection; a UTF-8 BOM is fine', async () => {
    const geometry = {
      type: 'GeometryCollection',
      geometries: [
        { type: 'LineString', coordinates: flat },
        { type: 'MultiPolygon', coordinates: [[ring], [ring]] },
      ],
    };
    expect(await readBoundary(`\uFEFF${JSON.stringify(geometry)}`)).toEqual({
      type: 'MultiPolygon',
      coordinates: [[flat], [flat]],
    });
  });

  test('says why a file gives none: empty, broken, no area, too many vertices', async () => {
    expect(await problem('  \n')).toEqual({ reason: 'empty' });
    expect(await problem('{"type":"Feature","geo')).toEqual({
      reason: 'broken',
      format: 'geojson',
    });
    expect(await problem('{"type":"Point","coordinates":[105.8,22.1]}')).toEqual({
      reason: 'no-polygon',
    });
    expect(await problem('[1,2,3]')).toEqual({ reason: 'no-polygon' });
    const big = Array.from({ length: MAX_VERTICES + 1 }, (_, i) => [105.8 + i * 1e-6, 22.1]);
    big.push(big[0]!);
    expect(await problem(JSON.stringify({ type: 'Polygon', coordinates: [big] }))).toEqual({
      reason: 'too-many-vertices',
      vertices: MAX_VERTICES + 2,
      limit: MAX_VERTICES,
    });
  });
});

describe('the drawn boundary', () => {
  const square = (x: number) => ({
    type: 'Polygon' as const,
    coordinates: [
      [
        [x, 22],
        [x + 1, 22],
        [x + 1, 23],
        [x, 22],
      ],
    ],
  });

  test('is nothing until a polygon has an area, one Polygon, then a MultiPolygon of the parts', () => {
    expect(boundaryFrom([])).toBeNull();
    // A polygon being drawn with two corners so far: a line, not yet an area.
    expect(
      boundaryFrom([
        {
          type: 'Polygon',
          coordinates: [
            [
              [1, 1],
              [2, 2],
              [1, 1],
            ],
          ],
        },
      ]),
    ).toBeNull();
    expect(boundaryFrom([square(1)])).toEqual(square(1));
    expect(boundaryFrom([square(1), square(3)])).toEqual({
      type: 'MultiPolygon',
      coordinates: [square(1).coordinates, square(3).coordinates],
    });
  });
});

describe('the drawn line', () => {
  test('is the first line with two points or more', () => {
    const a = { type: 'LineString' as const, coordinates: [[1, 1]] };
    const b = {
      type: 'LineString' as const,
      coordinates: [
        [1, 1],
        [2, 2],
      ],
    };
    expect(lineFrom([])).toBeNull();
    expect(lineFrom([a])).toBeNull();
    expect(lineFrom([a, b])).toBe(b);
  });
});
