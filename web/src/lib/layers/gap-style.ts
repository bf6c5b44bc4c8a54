/**
 * How criteria gaps look on the map, as typed expression builders (pure, unit-tested): coloured
 * by status, from red (still short) to green (met); points, lines and areas each by geometry type.
 */
import type { ExpressionSpecification, FilterSpecification } from 'maplibre-gl';
import { GAP_STATUSES, type GapStatus } from '../../../../server/domain/gaps/gap-statuses.ts';

/** Status colours (colour-blind safe): what is still missing is the loudest. */
export const GAP_STATUS_COLORS: Record<GapStatus, string> = {
  open: '#CC3311',
  planned: '#EE7733',
  in_progress: '#0077BB',
  met: '#009988',
};

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
