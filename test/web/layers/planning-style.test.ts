import { describe, expect, test } from 'vitest';
import { Color, expression as styleExpression } from '@maplibre/maplibre-gl-style-spec';
import type { ExpressionSpecification } from 'maplibre-gl';
import {
  PROJECT_STAGES,
  projectStageCatalog,
} from '../../../server/domain/projects/project-stages.ts';
import { GAP_STATUSES } from '../../../server/domain/gaps/gap-statuses.ts';
import {
  ALARM_COLOR,
  needsAttention,
  scaled,
  stageColor,
} from '../../../web/src/lib/layers/project-style.ts';
import {
  GAP_STATUS_COLORS,
  gapAreas,
  gapPoints,
  gapStatusColor,
} from '../../../web/src/lib/layers/gap-style.ts';
import {
  COMPLAINT_STATE_COLORS,
  complaintAreas,
  complaintColor,
  complaintPoints,
} from '../../../web/src/lib/layers/complaint-style.ts';
import { OVERDUE_COLOR } from '../../../web/src/lib/map/expressions.ts';
import {
  COMPLAINT_STATUSES,
  complaintStatusCatalog,
} from '../../../server/domain/complaints/complaint-statuses.ts';

/** Evaluates an expression for one feature as MapLibre would; colours in one normal form. */
function evaluate(
  spec: ExpressionSpecification,
  properties: Record<string, unknown>,
  type: 'Point' | 'LineString' | 'Polygon' = 'Polygon',
  kind: 'color' | 'boolean' = spec[0] === 'match' ? 'color' : 'boolean',
): unknown {
  const parsed = styleExpression.createExpression(spec, {
    type: kind,
    'property-type': 'data-driven',
    expression: { interpolated: false, parameters: ['zoom', 'feature'] },
  } as never);
  if (parsed.result !== 'success') throw new Error(JSON.stringify(parsed.value));
  // MapLibre numbers geometry types: 1 point, 2 line, 3 polygon.
  const feature = { type: { Point: 1, LineString: 2, Polygon: 3 }[type], properties } as never;
  const value = parsed.value.evaluate({ zoom: 14 }, feature);
  return kind === 'color' ? rgba(String(value)) : value;
}

const rgba = (css: string) => Color.parse(css)!.toString();

describe('projects on the map', () => {
  test('are filled in their stage colour from the catalog', () => {
    for (const stage of PROJECT_STAGES) {
      expect(evaluate(stageColor(), { stage })).toBe(rgba(projectStageCatalog[stage].color));
    }
  });

  test('stand out when blocked or overdue, and only then', () => {
    expect(evaluate(needsAttention, { blocked: true, overdue: false })).toBe(true);
    expect(evaluate(needsAttention, { blocked: false, overdue: true })).toBe(true);
    expect(evaluate(needsAttention, { blocked: false, overdue: false })).toBe(false);
    expect(ALARM_COLOR).toMatch(/^#[0-9A-F]{6}$/i);
  });

  test('fade with the layer opacity', () => {
    expect(scaled(0.35, 1)).toBe(0.35);
    expect(scaled(0.35, 0.5)).toBe(0.175);
    expect(scaled(1, 0)).toBe(0);
  });
});

describe('gaps on the map', () => {
  test('take a distinct colour for every status', () => {
    const colours = GAP_STATUSES.map((status) => String(evaluate(gapStatusColor(), { status })));
    expect(new Set(colours).size).toBe(GAP_STATUSES.length);
    expect(Object.keys(GAP_STATUS_COLORS).sort()).toEqual([...GAP_STATUSES].sort());
  });

  test('are drawn by the layer of their geometry type', () => {
    expect(evaluate(gapPoints as ExpressionSpecification, {}, 'Point')).toBe(true);
    expect(evaluate(gapPoints as ExpressionSpecification, {}, 'Polygon')).toBe(false);
    expect(evaluate(gapAreas as ExpressionSpecification, {}, 'Polygon')).toBe(true);
    expect(evaluate(gapAreas as ExpressionSpecification, {}, 'LineString')).toBe(false);
  });
});

describe('petitions on the map', () => {
  const colour = (properties: Record<string, unknown>) =>
    evaluate(complaintColor(), properties, 'Point', 'color');

  test('are coloured by whether their case is open, answered or ended, each its own colour', () => {
    for (const status of COMPLAINT_STATUSES) {
      const state = complaintStatusCatalog[status].kind;
      expect(colour({ state, overdue: false })).toBe(rgba(COMPLAINT_STATE_COLORS[state]));
    }
    expect(new Set(Object.values(COMPLAINT_STATE_COLORS)).size).toBe(3);
  });

  test('turn red when a clock has run out, whatever their step', () => {
    expect(colour({ state: 'open', overdue: true })).toBe(rgba(OVERDUE_COLOR));
    expect(colour({ state: 'open', overdue: false })).not.toBe(rgba(OVERDUE_COLOR));
  });

  test('are drawn by the layer of their geometry type', () => {
    expect(evaluate(complaintPoints as ExpressionSpecification, {}, 'Point')).toBe(true);
    expect(evaluate(complaintPoints as ExpressionSpecification, {}, 'Polygon')).toBe(false);
    expect(evaluate(complaintAreas as ExpressionSpecification, {}, 'Polygon')).toBe(true);
    expect(evaluate(complaintAreas as ExpressionSpecification, {}, 'Point')).toBe(false);
  });
});
