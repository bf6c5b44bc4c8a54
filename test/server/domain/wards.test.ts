import { describe, expect, test } from 'vitest';
import { area as turfArea, booleanPointInPolygon } from '@turf/turf';
import type { FeatureCollection, Polygon } from 'geojson';
import { WardIndex, type WardProps } from '../../../server/domain/wards.ts';
import { DUC_XUAN_POINT, HANOI_POINT, insideWard, reference, square } from '../helpers.ts';

const wards = reference.wards;
const layer2025 = reference.layers['2025'];

// DOMAIN.md §1: from 1 July 2025 the former city is these three units; codes are period-keyed.
const UNITS_2025 = [
  ['2025-01843', 'Phường Bắc Kạn'],
  ['2025-01840', 'Phường Đức Xuân'],
  ['2025-01849', 'Xã Phong Quang'],
] as const;

describe('the 2025 ward layer (data/area/wards-2025.geojson)', () => {
  test('holds exactly the three units of the former city', () => {
    expect(layer2025.features.map((f) => f.id).sort()).toEqual(UNITS_2025.map(([c]) => c).sort());
  });

  test.each(UNITS_2025)('a point Turf puts inside %s resolves to it (%s)', (code, name) => {
    expect(wards.atPoint(insideWard(code))).toEqual({ code, name });
  });

  test.each(UNITS_2025)('the service area contains a point inside %s', (code) => {
    expect(booleanPointInPolygon(insideWard(code), wards.serviceArea)).toBe(true);
  });

  test('the service area covers the three units and nothing more (to 0.1 %)', () => {
    const sum = layer2025.features.reduce((total, f) => total + turfArea(f), 0);
    expect(turfArea(wards.serviceArea) / sum).toBeCloseTo(1, 3);
  });

  test("DOMAIN.md's example position (105.834, 22.147) is in Phường Đức Xuân", () => {
    expect(wards.atPoint(DUC_XUAN_POINT)).toEqual({ code: '2025-01840', name: 'Phường Đức Xuân' });
  });

  test('a point in Hà Nội is in no unit and outside the service area', () => {
    expect(wards.atPoint(HANOI_POINT)).toBeNull();
    expect(booleanPointInPolygon(HANOI_POINT, wards.serviceArea)).toBe(false);
  });

  test('finds a unit by its period-keyed code, never by the bare code', () => {
    expect(wards.byCode('2025-01843')?.properties.name).toBe('Phường Bắc Kạn');
    expect(wards.byCode('01843')).toBeUndefined();
    expect(wards.byCode('2024-01843')).toBeUndefined(); // the 2024 layer is a historical view only
  });
});

describe('locating a record', () => {
  test('a point is located where it lies', () => {
    const point = insideWard('2025-01849');
    expect(wards.locate({ type: 'Point', coordinates: point })?.code).toBe('2025-01849');
  });

  test('a polygon is located by a point surely inside it', () => {
    const small = square(DUC_XUAN_POINT, 0.002);
    expect(wards.locate(small)).toEqual({ code: '2025-01840', name: 'Phường Đức Xuân' });
  });
});

describe('WardIndex', () => {
  const unit = (id: unknown, x: number): FeatureCollection<Polygon, WardProps> => ({
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        id: id as string,
        geometry: square([x, 0], 1) as Polygon,
        properties: {
          code: '1',
          name: `Unit ${x}`,
          short_name: 'U',
          kind: 'xã',
          valid_from: null,
          valid_to: null,
        },
      },
    ],
  });

  test('refuses a layer whose units lack a period-keyed string id', () => {
    expect(() => new WardIndex(unit(1843, 0))).toThrow(/period-keyed/);
  });

  test('refuses an empty layer', () => {
    expect(() => new WardIndex({ type: 'FeatureCollection', features: [] })).toThrow();
  });

  test('locates a polygon by a point on its shape, not by its bbox centre', () => {
    // Unit U is a U shape; unit N fills its notch. A thin U-shaped record inside U has its
    // bbox centre (1.5, 1.5) in N, yet it lies wholly in U.
    const u = unit('2025-00001', 0);
    u.features[0]!.geometry.coordinates = [
      [
        [0, 0],
        [3, 0],
        [3, 3],
        [2, 3],
        [2, 1],
        [1, 1],
        [1, 3],
        [0, 3],
        [0, 0],
      ],
    ];
    const n = unit('2025-00002', 0);
    n.features[0]!.geometry.coordinates = [
      [
        [1, 1],
        [2, 1],
        [2, 3],
        [1, 3],
        [1, 1],
      ],
    ];
    const index = new WardIndex({
      type: 'FeatureCollection',
      features: [...n.features, ...u.features],
    });
    const record = {
      type: 'Polygon' as const,
      coordinates: [
        [
          [0.1, 0.1],
          [2.9, 0.1],
          [2.9, 2.9],
          [2.5, 2.9],
          [2.5, 0.5],
          [0.5, 0.5],
          [0.5, 2.9],
          [0.1, 2.9],
          [0.1, 0.1],
        ],
      ],
    };
    expect(index.atPoint([1.5, 1.5])?.code).toBe('2025-00002');
    expect(index.locate(record)?.code).toBe('2025-00001');
  });

  test('answers the unit of a point and null in the gap between units', () => {
    const two = unit('2025-00001', 0);
    two.features.push(...unit('2025-00002', 2).features);
    const index = new WardIndex(two);
    expect(index.atPoint([0.5, 0.5])?.code).toBe('2025-00001');
    expect(index.atPoint([2.5, 0.5])?.code).toBe('2025-00002');
    expect(index.atPoint([1.5, 0.5])).toBeNull();
  });
});
