/**
 * How petitions look on the map, as typed expression builders (pure, unit-tested): a ring, not a
 * filled dot, so a petition is never taken for a violation beside it; coloured by whether it is
 * open, answered or closed, and red when a clock has run out.
 */
import type { ExpressionSpecification, FilterSpecification } from 'maplibre-gl';
import type { StateKind } from '../../../../server/domain/engine/workflow.ts';
import { OVERDUE_COLOR } from '../map/expressions.ts';

/**
 * Magenta for petitions still being handled (the wards' outline is purple), green once answered,
 * grey once filed.
 */
export const COMPLAINT_STATE_COLORS: Record<StateKind, string> = {
  open: '#C51B7D',
  fixed: '#1B7837',
  closed: '#8C8C8C',
};

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
