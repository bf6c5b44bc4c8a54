import { describe, expect, test } from 'vitest';
import { Color, expression } from '@maplibre/maplibre-gl-style-spec';
import {
  CLASS_COLORS,
  choroplethFill,
  classesOf,
  classLabel,
  colorOf,
  NO_DATA_COLOR,
  ZERO_COLOR,
} from '../../../web/src/lib/map/choropleth.ts';

/** The fill colour MapLibre computes for a ward whose `value` property is this. */
function fillOf(spec: unknown, value: number | null): string {
  const compiled = expression.createExpression(spec, {
    type: 'color',
    'property-type': 'data-driven',
    expression: { interpolated: false, parameters: ['zoom', 'feature'] },
  } as never);
  if (compiled.result !== 'success') throw new Error(JSON.stringify(compiled.value));
  const properties = value === null ? {} : { value };
  return String(compiled.value.evaluate({ zoom: 12 }, { type: 'Polygon', properties } as never));
}
const rgba = (css: string) => Color.parse(css)!.toString();

describe('ward choropleth classes', () => {
  test('counts get whole, round bounds from 0 up to the largest value', () => {
    expect(classesOf([0, 3, 12], true).map((c) => [c.from, c.to])).toEqual([
      [0, 5],
      [5, 10],
      [10, 15],
    ]);
    expect(classesOf([1, 2, 3], true).map((c) => c.to)).toEqual([1, 2, 3]);
    expect(classesOf([0.12, 0.44, null], false).map((c) => c.to)).toEqual([
      0.1, 0.2, 0.3, 0.4, 0.5,
    ]);
  });

  test('the largest value always gets the darkest colour, zero and missing values their own', () => {
    for (const values of [[1], [0, 2, 7], [3, 40, 41], [0.05, 0.9]]) {
      const classes = classesOf(values, Number.isInteger(values[0]));
      expect(colorOf(Math.max(...values), classes), String(values)).toBe(CLASS_COLORS.at(-1));
    }
    expect(classesOf([0, 0, null], true)).toEqual([]);
    expect(colorOf(0, classesOf([0, 4], true))).toBe(ZERO_COLOR);
    expect(colorOf(null, classesOf([0, 4], true))).toBe(NO_DATA_COLOR);
  });

  test('the map fills every value with the colour of its class in the legend', () => {
    for (const values of [[0, 3, 12], [1, 2, 3], [0.12, 0.44], [0, 0], [7], [0, 1]]) {
      const whole = values.every(Number.isInteger);
      const classes = classesOf(values, whole);
      const spec = choroplethFill(classes);
      const probes = [null, 0, ...classes.flatMap((c) => [c.to, c.to + 0.001, c.from + 0.001])];
      for (const v of [...probes, ...values]) {
        expect(fillOf(spec, v), `${v} in ${values}`).toBe(rgba(colorOf(v, classes)));
      }
    }
  });

  test('legend labels name the numbers each class holds', () => {
    const format = (n: number) => n.toLocaleString('vi-VN');
    const counts = classesOf([0, 3, 12], true);
    expect(counts.map((c) => classLabel(c, true, format))).toEqual(['1–5', '6–10', '11–15']);
    expect(classesOf([2], true).map((c) => classLabel(c, true, format))).toEqual(['1', '2']);
    const rates = classesOf([0.12, 0.44], false);
    expect(classLabel(rates[0]!, false, format)).toBe('0–0,1');
  });
});
