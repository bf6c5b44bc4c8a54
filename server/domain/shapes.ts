/**
 * The three shapes a GIS layer holds one of. A layer of violations or gaps mixes them (a pin, a
 * graded area, a street without drainage), and QGIS 3.22 types a layer by its first feature,
 * drawing nothing of the others: its clients get one collection per shape beside the mixed one.
 */
import type { Geometry } from 'geojson';

export const SHAPES = ['points', 'lines', 'areas'] as const;
export type Shape = (typeof SHAPES)[number];

/** The GeoJSON geometry types of each shape, single and multi. */
export const SHAPE_TYPES: Record<Shape, readonly Geometry['type'][]> = {
  points: ['Point', 'MultiPoint'],
  lines: ['LineString', 'MultiLineString'],
  areas: ['Polygon', 'MultiPolygon'],
};

/** A geometry's shape; null for none, or a collection of several. */
export function shapeOf(geometry: Geometry | null): Shape | null {
  if (!geometry) return null;
  return SHAPES.find((shape) => SHAPE_TYPES[shape].includes(geometry.type)) ?? null;
}

/** Its name in a layer's title. */
export const SHAPE_NAMES: Record<Shape, { vi: string; en: string }> = {
  points: { vi: 'điểm', en: 'points' },
  lines: { vi: 'đường', en: 'lines' },
  areas: { vi: 'vùng', en: 'areas' },
};
