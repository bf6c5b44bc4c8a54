import { describe, expect, test } from 'vitest';
import type { Position } from 'geojson';
import { DomainError } from '../../../server/domain/errors.ts';
import {
  checkGeometry,
  checkInsideArea,
  MAX_VERTICES,
  type RecordGeometry,
} from '../../../server/domain/geometry.ts';
import { DUC_XUAN_POINT, HANOI_POINT, insideWard, reference, square, refusal } from '../helpers.ts';

const BOTH = ['Point', 'Polygon'] as const;
const area = reference.wards.serviceArea;

const polygon = (...rings: Position[][]) => ({ type: 'Polygon', coordinates: rings });
const [x, y] = DUC_XUAN_POINT as [number, number];
const ring = (size: number, dx = 0, dy = 0): Position[] =>
  (square([x + dx, y + dy], size) as { coordinates: Position[][] }).coordinates[0]!;

/** A closed ring of n positions (n - 1 distinct) on a small circle. */
function circle(n: number, radius = 0.004): Position[] {
  const points = Array.from({ length: n - 1 }, (_, i) => {
    const a = (2 * Math.PI * i) / (n - 1);
    return [x + radius * Math.cos(a), y + radius * Math.sin(a)];
  });
  return [...points, points[0]!];
}

describe('checkGeometry', () => {
  test.each([
    ['NaN longitude', { type: 'Point', coordinates: [Number.NaN, y] }],
    ['an infinite latitude', { type: 'Point', coordinates: [x, Number.POSITIVE_INFINITY] }],
    ['a numeric string', { type: 'Point', coordinates: ['105.834', y] }],
    ['a single number', { type: 'Point', coordinates: [x] }],
    ['four numbers', { type: 'Point', coordinates: [x, y, 0, 0] }],
    ['no coordinates', { type: 'Point' }],
    ['longitude over 180', { type: 'Point', coordinates: [180.5, y] }],
    ['latitude under -90', { type: 'Point', coordinates: [x, -90.5] }],
    ['latitude and longitude swapped', { type: 'Point', coordinates: [y, x] }],
    ['a LineString', { type: 'LineString', coordinates: [DUC_XUAN_POINT, [x + 0.001, y]] }],
    ['a MultiPoint', { type: 'MultiPoint', coordinates: [DUC_XUAN_POINT] }],
    ['null', null],
    ['a string', 'POINT(105.834 22.147)'],
    ['a polygon without rings', polygon()],
    [
      'an unclosed ring',
      polygon(
        ring(0.01)
          .slice(0, -1)
          .concat([[x + 0.0001, y]]),
      ),
    ],
    ['a ring of 3 positions', polygon([DUC_XUAN_POINT, [x + 0.01, y], DUC_XUAN_POINT])],
    ['a ring that is not an array', { type: 'Polygon', coordinates: ['ring'] }],
    ['a polygon vertex out of range', polygon(ring(0.01).map(([a, b]) => [a!, b! + 80]))],
    [
      'a bow-tie (self-intersecting)',
      polygon([
        [x, y],
        [x + 0.01, y + 0.01],
        [x + 0.01, y],
        [x, y + 0.01],
        [x, y],
      ]),
    ],
    [
      'a ring that doubles back on itself',
      polygon([
        [x, y],
        [x + 0.01, y],
        [x, y],
        [x + 0.01, y],
        [x, y],
      ]),
    ],
    ['a hole crossing its shell', polygon(ring(0.01), ring(0.01, 0.005, 0.005))],
  ])('refuses %s as INVALID_GEOMETRY', (_, input) => {
    const error = refusal(() => checkGeometry(input, BOTH));
    expect(error.code).toBe('INVALID_GEOMETRY');
    expect(error.text.vi).not.toBe(error.text.en);
  });

  test('tells where a self-intersection is', () => {
    const bowTie = polygon([
      [x, y],
      [x + 0.01, y + 0.01],
      [x + 0.01, y],
      [x, y + 0.01],
      [x, y],
    ]);
    const error = refusal(() => checkGeometry(bowTie, BOTH));
    const { reason, at } = error.details as { reason: string; at: [number, number] };
    expect(reason).toBe('self_intersection');
    expect(at[0]).toBeCloseTo(x + 0.005, 9);
    expect(at[1]).toBeCloseTo(y + 0.005, 9);
  });

  test('hints at the [longitude, latitude] order when a latitude is out of range', () => {
    const error = refusal(() => checkGeometry({ type: 'Point', coordinates: [y, x] }, BOTH));
    expect(error.text.en).toContain('[longitude, latitude]');
    expect(error.text.vi).toContain('[kinh độ, vĩ độ]');
  });

  test('refuses a type the layer does not allow', () => {
    const error = refusal(() => checkGeometry(polygon(ring(0.01)), ['Point']));
    expect(error.code).toBe('INVALID_GEOMETRY');
    expect(error.details).toEqual({ allowed: ['Point'] });
  });

  test(`refuses more than ${MAX_VERTICES} vertices as TOO_MANY_VERTICES`, () => {
    const error = refusal(() => checkGeometry(polygon(circle(MAX_VERTICES + 1)), BOTH));
    expect(error.code).toBe('TOO_MANY_VERTICES');
    expect(error.details).toEqual({ vertices: MAX_VERTICES + 1, limit: MAX_VERTICES });
  });

  test('counts the vertices of every ring together', () => {
    const half = MAX_VERTICES / 2;
    const error = refusal(() =>
      checkGeometry(polygon(circle(half + 1, 0.004), circle(half, 0.001)), BOTH),
    );
    expect(error.code).toBe('TOO_MANY_VERTICES');
  });

  // Turf's self-intersection test is quadratic: a full-size boundary takes a few seconds.
  test(`accepts exactly ${MAX_VERTICES} vertices`, { timeout: 30_000 }, () => {
    const checked = checkGeometry(polygon(circle(MAX_VERTICES)), BOTH) as {
      coordinates: Position[][];
    };
    expect(checked.coordinates[0]).toHaveLength(MAX_VERTICES);
  });

  test('accepts a point and a simple polygon, with a hole, in normal form', () => {
    expect(checkGeometry({ type: 'Point', coordinates: DUC_XUAN_POINT }, BOTH)).toEqual({
      type: 'Point',
      coordinates: DUC_XUAN_POINT,
    });
    const withHole = polygon(ring(0.01), ring(0.002, 0.004, 0.004).reverse());
    expect(checkGeometry({ ...withHole, bbox: [0, 0, 1, 1] }, BOTH)).toEqual(withHole);
  });

  test('drops the altitude: the layers are 2D', () => {
    expect(checkGeometry({ type: 'Point', coordinates: [x, y, 512] }, BOTH)).toEqual({
      type: 'Point',
      coordinates: [x, y],
    });
  });

  // RFC 7946 §3.1.6: interior rings are holes *within* the exterior ring.
  test('refuses a hole that lies outside its shell', () => {
    const error = refusal(() => checkGeometry(polygon(ring(0.01), ring(0.001, 0.02, 0.02)), BOTH));
    expect(error.code).toBe('INVALID_GEOMETRY');
  });

  test.each([
    ['along a parallel', 1, 0],
    ['along a meridian', 0, 1],
    // Geodesically such a "line" of 3 km encloses a few cm²: the check must still see no area.
    ['along a diagonal', 1, 1],
    ['along a steep diagonal', 1, 3],
  ])('refuses a ring of collinear points %s, which has no area', (_, dx, dy) => {
    const flat = polygon([
      [x, y],
      [x + 0.01 * dx, y + 0.01 * dy],
      [x + 0.02 * dx, y + 0.02 * dy],
      [x, y],
    ]);
    const error = refusal(() => checkGeometry(flat, BOTH));
    expect(error.code).toBe('INVALID_GEOMETRY');
    expect(error.details).toMatchObject({ reason: 'no_area' });
  });

  test('accepts a thin but real sliver (a 30 m strip one metre wide)', () => {
    const sliver = polygon([
      [x, y],
      [x + 0.0003, y],
      [x + 0.0003, y + 0.00001],
      [x, y + 0.00001],
      [x, y],
    ]);
    expect(checkGeometry(sliver, BOTH).type).toBe('Polygon');
  });
});

describe('checkInsideArea', () => {
  const inside = (g: RecordGeometry) => () => checkInsideArea(g, area, reference.areaName);

  test('accepts a point and a polygon inside the service area', () => {
    expect(inside({ type: 'Point', coordinates: DUC_XUAN_POINT })).not.toThrow();
    expect(inside(square(DUC_XUAN_POINT, 0.005))).not.toThrow();
  });

  test.each(['2025-01843', '2025-01840', '2025-01849'])(
    'accepts a point inside ward %s',
    (code) => {
      expect(inside({ type: 'Point', coordinates: insideWard(code) })).not.toThrow();
    },
  );

  test('refuses a point in Hà Nội as OUT_OF_AREA, naming the area and the position', () => {
    const error = refusal(inside({ type: 'Point', coordinates: HANOI_POINT }));
    expect(error.code).toBe('OUT_OF_AREA');
    expect(error.details).toEqual({ at: HANOI_POINT });
    expect(error.text.vi).toContain('Phường Đức Xuân');
    expect(error.text.en).toContain('21.03000, 105.85000');
  });

  test('refuses a polygon with one vertex outside the area', () => {
    const spanning = square([x, y], 2) as { coordinates: Position[][] };
    const error = refusal(inside(spanning as RecordGeometry));
    expect(error.code).toBe('OUT_OF_AREA');
    expect(error.details).toEqual({ at: [x + 2, y] });
  });
});
