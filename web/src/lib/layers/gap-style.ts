/**
 * How criteria gaps look on the map, as typed expression builders (pure, unit-tested): coloured
 * by status, from red (still short) to green (met); points, lines and areas each by geometry type.
 */
import type { ExpressionSpecification, FilterSpecification } from 'maplibre-gl';
import {
  GAP_STATUSES,
  gapStatusCatalog,
  type GapStatus,
} from '../../../../server/domain/gaps/gap-statuses.ts';

/** Status colours, from the status catalog (the files' styles use the same). */
export const GAP_STATUS_COLORS = Object.fromEntries(
  GAP_STATUSES.map((s) => [s, gapStatusCatalog[s].color]),
) as Record<GapStatus, string>;

export function gapStatusColor(): ExpressionSpecification {
  const pairs = GAP_STATUSES.flatMap((s) => [s, GAP_STATUS_COLORS[s]]);
  return ['match', ['get', 'status'], ...pairs, '#7F7F7F'] as unknown as ExpressionSpecification;
}

const ofType = (...types: string[]): FilterSpecification => [
  'in',
  ['geometry-type'],
  ['literal', types],
];

export const gapPoints = ofType('Point');
export const gapLines = ofType('LineString');
export const gapAreas = ofType('Polygon', 'MultiPolygon');
