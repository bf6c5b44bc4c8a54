/**
 * The scorecard: points per standard and per class from a rule set and the indicator values.
 * Pure functions, so the server scores and the web app can show "what if" with the same code.
 *
 * Scoring (NQ 111/2025 Table 2A): at the minimum a standard scores points_min, at the maximum
 * points_max, linearly between; above the maximum points_max; below the minimum 0 and the class
 * fails; a missing value scores 0 and is "not assessed". An ordinal standard scores by the rank of
 * its level on its scale.
 */
import type { Localized } from '../i18n.ts';
import type { IndicatorLevel, IndicatorSource, ResolvedIndicator } from './indicator.ts';
import { levelLabel } from './level-label.ts';
import {
  scaleOf,
  URBAN_CLASSES,
  type ClassLevels,
  type OrdinalScale,
  type RuleSet,
  type Standard,
  type UrbanClass,
} from './rule-set.ts';

/** Points are kept to hundredths, as scoring sheets write them. */
const round2 = (x: number) => Math.round(x * 100) / 100;

export interface StandardScore {
  code: string;
  name: Localized;
  unit: Localized | null;
  value: IndicatorLevel | null;
  /** The value as a person reads it: the level's label, or the number with its unit. */
  value_label: Localized | null;
  source: IndicatorSource | null;
  note: string | null;
  /** The entered value's version, for the next PUT; null when computed or missing. */
  version: number | null;
  min: number | string;
  max: number | string;
  min_label: Localized;
  max_label: Localized;
  points_min: number;
  points_max: number;
  points: number;
  assessed: boolean;
  /** Null when not assessed: nobody knows yet. */
  met_minimum: boolean | null;
  /**
   * How far below the minimum: in the standard's unit, or in levels for an ordinal one. 0 when
   * met, null when not assessed.
   */
  shortfall: number | null;
}

export interface ClassScore {
  class: UrbanClass;
  standards: StandardScore[];
  total: number;
  /** The sum of every standard's points_max (100 for Table 2A). */
  total_max: number;
  /** Points needed for recognition (75). */
  threshold: number;
  /** Codes of the standards with no value. */
  not_assessed: string[];
  /** Every standard assessed and at least at its minimum. */
  all_minimums_met: boolean;
  recognised: boolean;
}

/** Where a value stands against a class's levels, before points. */
interface Position {
  /** The value, the minimum and the maximum on one axis (ranks for an ordinal standard). */
  value: number;
  min: number;
  max: number;
}

function position(
  levels: ClassLevels,
  scale: OrdinalScale | undefined,
  value: IndicatorLevel | null,
): Position | null {
  if (value === null) return null;
  if (scale) {
    const rank = (id: number | string) => scale.levels.findIndex((l) => l.id === String(id));
    const at = rank(value);
    return at < 0 ? null : { value: at, min: rank(levels.min), max: rank(levels.max) };
  }
  if (typeof value !== 'number') return null;
  return { value, min: levels.min as number, max: levels.max as number };
}

/** Points, minimum met and shortfall of one value against one class's levels. */
export function scoreValue(
  standard: Pick<Standard, 'points_min' | 'points_max'>,
  levels: ClassLevels,
  scale: OrdinalScale | undefined,
  value: IndicatorLevel | null,
): Pick<StandardScore, 'points' | 'assessed' | 'met_minimum' | 'shortfall'> {
  const at = position(levels, scale, value);
  if (!at) return { points: 0, assessed: false, met_minimum: null, shortfall: null };
  if (at.value < at.min) {
    return { points: 0, assessed: true, met_minimum: false, shortfall: round6(at.min - at.value) };
  }
  const share = Math.min(1, (at.value - at.min) / (at.max - at.min));
  const points = standard.points_min + share * (standard.points_max - standard.points_min);
  return { points: round2(points), assessed: true, met_minimum: true, shortfall: 0 };
}

/** Shortfalls keep the value's precision but lose floating-point noise (0.1 + 0.2). */
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

const MISSING: ResolvedIndicator = { value: null, source: null, note: null, version: null };

/** One class's scorecard from the values by standard code (missing codes are not assessed). */
export function scoreClass(
  ruleSet: RuleSet,
  cls: UrbanClass,
  values: Readonly<Record<string, ResolvedIndicator>>,
): ClassScore {
  const standards = ruleSet.standards.map((standard): StandardScore => {
    const scale = scaleOf(ruleSet, standard);
    const levels = standard[`class_${cls}`];
    const resolved = values[standard.code] ?? MISSING;
    const score = scoreValue(standard, levels, scale, resolved.value);
    return {
      code: standard.code,
      name: standard.name,
      unit: standard.unit,
      value: resolved.value,
      value_label: score.assessed ? levelLabel(standard, scale, resolved.value!) : null,
      source: resolved.source,
      note: resolved.note,
      version: resolved.version,
      min: levels.min,
      max: levels.max,
      min_label: levelLabel(standard, scale, levels.min),
      max_label: levelLabel(standard, scale, levels.max),
      points_min: standard.points_min,
      points_max: standard.points_max,
      ...score,
    };
  });
  const total = round2(standards.reduce((sum, s) => sum + s.points, 0));
  const threshold = ruleSet.recognition.total_points_at_least;
  const allMet = standards.every((s) => s.met_minimum === true);
  return {
    class: cls,
    standards,
    total,
    total_max: round2(ruleSet.standards.reduce((sum, s) => sum + s.points_max, 0)),
    threshold,
    not_assessed: standards.filter((s) => !s.assessed).map((s) => s.code),
    all_minimums_met: allMet,
    recognised:
      total >= threshold && (allMet || !ruleSet.recognition.every_standard_at_least_its_minimum),
  };
}

/** The scorecard of every class the rule set scores, class II first. */
export function scoreClasses(
  ruleSet: RuleSet,
  values: Readonly<Record<string, ResolvedIndicator>>,
): ClassScore[] {
  return URBAN_CLASSES.map((cls) => scoreClass(ruleSet, cls, values));
}
