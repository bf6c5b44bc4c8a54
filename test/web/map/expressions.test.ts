import { describe, expect, test } from 'vitest';
import { Color, expression } from '@maplibre/maplibre-gl-style-spec';
import {
  VIOLATION_KINDS,
  violationKindCatalog,
} from '../../../server/domain/violations/violation-kinds.ts';
import { VIOLATION_STATUSES } from '../../../server/domain/violations/violation-statuses.ts';
import {
  clusterRing,
  kindColor,
  OVERDUE_COLOR,
  pendingRing,
  REFUSED_COLOR,
  ringColor,
  ringWidth,
  statusOpacity,
} from '../../../web/src/lib/map/expressions.ts';

/** Evaluates an expression the way MapLibre does, on one feature's properties. */
function evaluate(spec: unknown, properties: Record<string, unknown>, type: 'color' | 'number') {
  const compiled = expression.createExpression(spec, {
    type,
    'property-type': 'data-driven',
    expression: { interpolated: false, parameters: ['zoom', 'feature'] },
  } as never);
  if (compiled.result !== 'success') throw new Error(JSON.stringify(compiled.value));
  const value = compiled.value.evaluate({ zoom: 14 }, { type: 'Point', properties } as never);
  return type === 'color' ? rgba(String(value)) : value;
}

/** Any CSS colour in one normal form, so '#FFF' and 'white' compare equal. */
function rgba(css: string): string {
  return Color.parse(css)!.toString();
}

describe('map expressions', () => {
  test.each(VIOLATION_KINDS)('colours %s with its catalog colour', (kind) => {
    expect(evaluate(kindColor(), { kind }, 'color')).toBe(rgba(violationKindCatalog[kind].color));
  });

  test('rings an overdue case in red and wider than one on time', () => {
    const late = { status: 'recorded', overdue: true };
    const onTime = { status: 'recorded', overdue: false };
    expect(evaluate(ringColor(), late, 'color')).toBe(rgba(OVERDUE_COLOR));
    expect(evaluate(ringColor(), onTime, 'color')).not.toBe(rgba(OVERDUE_COLOR));
    expect(evaluate(ringWidth(), late, 'number')).toBeGreaterThan(
      evaluate(ringWidth(), onTime, 'number') as number,
    );
  });

  test('fades finished cases: open above fixed above closed', () => {
    const opacity = (status: string) => evaluate(statusOpacity(), { status }, 'number') as number;
    expect(opacity('reported')).toBeGreaterThan(opacity('remedied'));
    expect(opacity('remedied')).toBeGreaterThan(opacity('closed'));
    expect(opacity('dismissed')).toBe(opacity('closed'));
  });

  test('gives every status an opacity (no status falls through unmatched)', () => {
    for (const status of VIOLATION_STATUSES) {
      expect(evaluate(statusOpacity(), { status }, 'number')).toBeGreaterThan(0);
    }
  });

  test('rings a cluster red when it holds an overdue case', () => {
    expect(evaluate(clusterRing(), { overdue: 2 }, 'color')).toBe(rgba(OVERDUE_COLOR));
    expect(evaluate(clusterRing(), { overdue: 0 }, 'color')).toBe(rgba('#FFFFFF'));
  });
});

describe('pendingRing', () => {
  test('rings a queued capture in its kind’s colour, and in red once the server refused it', () => {
    const ring = pendingRing();
    expect(ring.slice(0, 3)).toEqual(['case', ['==', ['get', 'state'], 'failed'], REFUSED_COLOR]);
    expect(ring[3]).toEqual(kindColor());
  });
});
