/**
 * How petitions look on the map, as typed expression builders (pure, unit-tested): a ring, not a
 * filled dot, so a petition is never taken for a violation beside it; coloured by whether it is
 * open, answered or closed, and red when a clock has run out.
 */
import type { ExpressionSpecification, FilterSpecification } from 'maplibre-gl';
import { COMPLAINT_STATE_COLORS } from '../../../../server/domain/complaints/complaint-statuses.ts';
import { OVERDUE_COLOR } from '../map/expressions.ts';

export { COMPLAINT_STATE_COLORS };

export function complaintColor(): ExpressionSpecification {
  const c = COMPLAINT_STATE_COLORS;
  return [
    'case',
    ['==', ['get', 'overdue'], true],
    OVERDUE_COLOR,
    ['match', ['get', 'state'], 'open', c.open, 'fixed', c.fixed, 'closed', c.closed, c.closed],
  ];
}

const ofType = (type: string): FilterSpecification => ['==', ['geometry-type'], type];

export const complaintPoints = ofType('Point');
export const complaintAreas = ofType('Polygon');
