/**
 * The ward choropleth as pure functions: which figure fills the wards, how its values fall into
 * classes, and the fill expression and legend those classes make. Unit-tested without WebGL.
 */
import type { ExpressionSpecification } from 'maplibre-gl';

/** The figures a ward can be filled by. */
export const FIGURES = ['open', 'overdue', 'total', 'per_1000', 'blocked_projects'] as const;
export type Figure = (typeof FIGURES)[number];

/** The figure a first visit shows: the work still to do. */
export const DEFAULT_FIGURE: Figure = 'open';

/** Sequential light-to-dark orange-red: more means darker; readable for common colour blindness. */
export const CLASS_COLORS = ['#FDD49E', '#FDAE6B', '#F16913', '#D94801', '#8C2D04'] as const;
/** A ward with nothing to count, and one the figure does not apply to (no population known). */
export const ZERO_COLOR = '#F7F4EF';
export const NO_DATA_COLOR = '#CCCCCC';

/** One class of the legend: values in (from, to], or exactly 0 for the zero class. */
export interface ChoroplethClass {
  from: number;
  to: number;
  color: string;
}

/** The least step of 1, 2, 2.5 or 5 × 10ⁿ that is at least `raw`; a whole number for counts. */
function niceStep(raw: number, whole: boolean): number {
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const steps = [1, 2, 2.5, 5, 10].map((m) => m * magnitude);
  if (!whole) return steps.find((s) => s >= raw)!;
  return Math.max(
    1,
    steps.find((s) => s >= raw && Number.isInteger(s))!,
  );
}

/**
 * Equal classes from 0 to the largest value, at most five, with round bounds (a legend a person
 * reads at a glance; with three wards, quantiles would only sort them). Zero is a class of its own
 * and is not listed; an empty list means every ward has 0 or no value.
 */
export function classesOf(values: readonly (number | null)[], whole: boolean): ChoroplethClass[] {
  const max = Math.max(0, ...values.filter((v): v is number => v !== null));
  if (max === 0) return [];
  const step = niceStep(max / CLASS_COLORS.length, whole);
  const count = Math.min(CLASS_COLORS.length, Math.ceil(max / step));
  // Fewer classes than colours take the darker end, so the largest value is always the darkest.
  const colors = CLASS_COLORS.slice(CLASS_COLORS.length - count);
  // toPrecision drops float noise (3 × 0.1 is 0.30000000000000004).
  const bound = (i: number) => Number((i * step).toPrecision(12));
  return colors.map((color, i) => ({ from: bound(i), to: bound(i + 1), color }));
}

/** The fill colour of a ward from its `value` property (a number, or null for no value). */
export function choroplethFill(classes: readonly ChoroplethClass[]): ExpressionSpecification {
  const value: ExpressionSpecification = ['to-number', ['get', 'value'], 0];
  // `step` picks the colour of the last stop at or below the value; a class includes its upper
  // bound, so each stop sits just above the previous class's bound.
  const stops = classes.flatMap((c, i) => (i === 0 ? [] : [c.from + epsilon(c.from), c.color]));
  // `step` needs at least one stop: one class (or none) is a plain colour.
  const shaded = stops.length
    ? ['step', value, classes[0]!.color, ...stops]
    : (classes[0]?.color ?? ZERO_COLOR);
  return [
    'to-color',
    [
      'case',
      ['==', ['typeof', ['get', 'value']], 'null'],
      NO_DATA_COLOR,
      ['<=', value, 0],
      ZERO_COLOR,
      shaded,
    ],
  ] as ExpressionSpecification;
}

/**
 * A class's range as the legend writes it: whole counts as "3–4" (or "2" for a class of one
 * number), rates as "0,5–1" in the reader's number format.
 */
export function classLabel(c: ChoroplethClass, whole: boolean, format: (n: number) => string) {
  if (!whole) return `${format(c.from)}–${format(c.to)}`;
  const first = Math.floor(c.from) + 1;
  return first === c.to ? format(c.to) : `${format(first)}–${format(c.to)}`;
}

/** Far below any difference a figure shows (two decimals at most), far above float noise. */
function epsilon(bound: number): number {
  return Math.max(1e-9, Math.abs(bound) * 1e-9);
}

/** The class a value falls in (as the map draws it), for the legend and the tests. */
export function colorOf(value: number | null, classes: readonly ChoroplethClass[]): string {
  if (value === null) return NO_DATA_COLOR;
  if (value <= 0) return ZERO_COLOR;
  return (classes.find((c) => value <= c.to) ?? classes.at(-1))?.color ?? ZERO_COLOR;
}
