/**
 * Paint and filter expressions of the layers, as typed builders: pure, so they are unit-tested
 * without WebGL. Colours and groupings come from the domain catalog, never from components.
 */
import type { ExpressionSpecification, FilterSpecification } from 'maplibre-gl';
import {
  VIOLATION_KINDS,
  violationKindCatalog,
} from '../../../../server/domain/violations/violation-kinds.ts';
import {
  violationWorkflow,
  type StatusKind,
} from '../../../../server/domain/violations/violation-statuses.ts';
import { statesOfKind } from '../../../../server/domain/engine/workflow.ts';
import { STATE_KIND_LOOK } from '../../../../server/domain/state-look.ts';

export const OVERDUE_COLOR = '#E31A1C';
const FALLBACK = '#7F7F7F';
/** A capture the server refused (the app's danger colour). */
export const REFUSED_COLOR = '#B3261E';

/** Fill colour by violation kind. */
export function kindColor(): ExpressionSpecification {
  const pairs = VIOLATION_KINDS.flatMap((k) => [k, violationKindCatalog[k].color]);
  return ['match', ['get', 'kind'], ...pairs, FALLBACK] as unknown as ExpressionSpecification;
}

/** The ring of a capture waiting on the device: its kind's colour, red once the server refused it. */
export function pendingRing(): ExpressionSpecification {
  return ['case', ['==', ['get', 'state'], 'failed'], REFUSED_COLOR, kindColor()];
}

const statusesOfKind = (kind: StatusKind) => statesOfKind(violationWorkflow, kind);

/** A value by the kind of the feature's status: open, fixed or closed. */
export function byStatusKind<T extends string | number>(
  values: Record<StatusKind, T>,
): ExpressionSpecification {
  return [
    'match',
    ['get', 'status'],
    statusesOfKind('open'),
    values.open,
    statusesOfKind('fixed'),
    values.fixed,
    values.closed,
  ] as ExpressionSpecification;
}

/** Ring colour: red when overdue, else white for open cases and dark for finished ones. */
export function ringColor(): ExpressionSpecification {
  return [
    'case',
    ['==', ['get', 'overdue'], true],
    OVERDUE_COLOR,
    byStatusKind({ open: '#FFFFFF', fixed: '#1B1B1B', closed: '#1B1B1B' }),
  ];
}

/** Ring width: an overdue case stands out. */
export function ringWidth(): ExpressionSpecification {
  return ['case', ['==', ['get', 'overdue'], true], 3.5, 1.5];
}

/** Finished cases fade so that open work stands out. */
export function statusOpacity(): ExpressionSpecification {
  const look = STATE_KIND_LOOK;
  return byStatusKind({
    open: look.open.opacity,
    fixed: look.fixed.opacity,
    closed: look.closed.opacity,
  });
}

export const isCluster: FilterSpecification = ['has', 'point_count'];
export const isSinglePoint: FilterSpecification = ['!', ['has', 'point_count']];
export const isOverduePoint: FilterSpecification = [
  'all',
  ['!', ['has', 'point_count']],
  ['==', ['get', 'overdue'], true],
];

/** Cluster bubbles grow with the count, in three steps. */
export function clusterRadius(): ExpressionSpecification {
  return ['step', ['get', 'point_count'], 14, 10, 18, 50, 24];
}

/** Clusters holding an overdue case are ringed in red (needs the `overdue` cluster property). */
export function clusterRing(): ExpressionSpecification {
  return ['case', ['>', ['get', 'overdue'], 0], OVERDUE_COLOR, '#FFFFFF'];
}
