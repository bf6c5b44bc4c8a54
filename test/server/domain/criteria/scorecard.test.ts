import { describe, expect, test } from 'vitest';
import { loadRuleSets } from '../../../../server/criteria-data.ts';
import type { ResolvedIndicator } from '../../../../server/domain/criteria/indicator.ts';
import { findStandard, scaleOf } from '../../../../server/domain/criteria/rule-set.ts';
import {
  scoreClass,
  scoreClasses,
  scoreValue,
} from '../../../../server/domain/criteria/scorecard.ts';

const [table2a] = loadRuleSets();
const ruleSet = table2a!;
const standard = (code: string) => findStandard(ruleSet, code)!;

/** Scores one value of a standard for a class, as the scorecard does. */
function score(code: string, cls: 'II' | 'III', value: number | string | null) {
  const s = standard(code);
  return scoreValue(s, s[`class_${cls}`], scaleOf(ruleSet, s), value);
}

const entered = (value: number | string): ResolvedIndicator => ({
  value,
  source: 'statistics',
  note: 'Niên giám thống kê 2025',
  version: 1,
});

/** Every standard at its class's level `at` ('min' or 'max'). */
function everyStandardAt(cls: 'II' | 'III', at: 'min' | 'max'): Record<string, ResolvedIndicator> {
  return Object.fromEntries(ruleSet.standards.map((s) => [s.code, entered(s[`class_${cls}`][at])]));
}

describe('points of one standard (II.03 urban population, class III 20,000 → 200,000, 5.5/7)', () => {
  test('exactly at the minimum scores points_min and meets it', () => {
    expect(score('II.03', 'III', 20_000)).toEqual({
      points: 5.5,
      assessed: true,
      met_minimum: true,
      shortfall: 0,
    });
  });

  test('exactly at the maximum scores points_max', () => {
    expect(score('II.03', 'III', 200_000).points).toBe(7);
  });

  test('between is interpolated linearly: a third of the way scores a third of the span', () => {
    // 80,000 is (80,000 − 20,000) / 180,000 = 1/3 of the way: 5.5 + 1.5 / 3 = 6.
    expect(score('II.03', 'III', 80_000).points).toBe(6);
    // Halfway: 5.5 + 0.75 = 6.25.
    expect(score('II.03', 'III', 110_000).points).toBe(6.25);
  });

  test('above the maximum scores points_max, no more', () => {
    expect(score('II.03', 'III', 1_000_000).points).toBe(7);
  });

  test('below the minimum scores 0, fails, and says by how much', () => {
    expect(score('II.03', 'III', 18_500)).toEqual({
      points: 0,
      assessed: true,
      met_minimum: false,
      shortfall: 1_500,
    });
  });

  test('the same value scores by the class: 48,047 people pass class III, fail class II', () => {
    expect(score('II.03', 'III', 48_047).met_minimum).toBe(true);
    expect(score('II.03', 'II', 48_047)).toMatchObject({ points: 0, shortfall: 151_953 });
  });

  test('a missing value scores 0 and is not assessed, with no verdict on its minimum', () => {
    expect(score('II.03', 'III', null)).toEqual({
      points: 0,
      assessed: false,
      met_minimum: null,
      shortfall: null,
    });
  });

  test('a shortfall of a fraction has no floating-point noise', () => {
    // III.09 class III minimum 3 km/km².
    expect(score('III.09', 'III', 2.9).shortfall).toBe(0.1);
  });
});

describe('ordinal standards score by the rank of their level', () => {
  test('I.01 centre level: commune is class III minimum, province its maximum', () => {
    expect(score('I.01', 'III', 'commune').points).toBe(5.5);
    expect(score('I.01', 'III', 'province').points).toBe(7);
    expect(score('I.01', 'III', 'region').points).toBe(7);
  });

  test('I.01 for class II: a provincial centre is the minimum, a commune one falls a level short', () => {
    expect(score('I.01', 'II', 'province').points).toBe(5.5);
    expect(score('I.01', 'II', 'commune')).toMatchObject({
      points: 0,
      met_minimum: false,
      shortfall: 1,
    });
  });

  test('III.13 funeral homes: a project < one home < two homes', () => {
    expect(score('III.13', 'III', 'project').points).toBe(2.5);
    expect(score('III.13', 'III', 'one').points).toBe(3);
    expect(score('III.13', 'III', 'none')).toMatchObject({ points: 0, met_minimum: false });
    expect(score('III.13', 'II', 'project')).toMatchObject({ points: 0, shortfall: 1 });
    expect(score('III.13', 'II', 'two').points).toBe(3);
  });

  test('III.23 architecture regulation: 1 to 3 years meets it, 3 years or more scores the most', () => {
    expect(score('III.23', 'III', 'from_1_to_3_years').points).toBe(4);
    expect(score('III.23', 'III', 'at_least_3_years').points).toBe(5);
    expect(score('III.23', 'III', 'under_1_year')).toMatchObject({
      points: 0,
      met_minimum: false,
      shortfall: 1,
    });
  });

  test('a level the scale does not have, or a number for an ordinal standard, is not assessed', () => {
    expect(score('I.01', 'III', 'capital').assessed).toBe(false);
    expect(score('I.01', 'III', 3).assessed).toBe(false);
    expect(score('II.03', 'III', 'many').assessed).toBe(false);
  });
});

describe('a class', () => {
  test('every standard at its minimum: 75 points, every minimum met, recognised', () => {
    for (const cls of ['II', 'III'] as const) {
      const card = scoreClass(ruleSet, cls, everyStandardAt(cls, 'min'));
      expect(card.total).toBe(75);
      expect(card.all_minimums_met).toBe(true);
      expect(card.recognised).toBe(true);
      expect(card.not_assessed).toEqual([]);
    }
  });

  test('every standard at its maximum: 100 of 100', () => {
    const card = scoreClass(ruleSet, 'III', everyStandardAt('III', 'max'));
    expect(card.total).toBe(100);
    expect(card.total_max).toBe(100);
  });

  test('one standard below its minimum fails the class even at 94 points', () => {
    const values = everyStandardAt('III', 'max');
    values['II.04'] = entered(430);
    const card = scoreClass(ruleSet, 'III', values);
    expect(card.total).toBe(94);
    expect(card.all_minimums_met).toBe(false);
    expect(card.recognised).toBe(false);
    const density = card.standards.find((s) => s.code === 'II.04')!;
    expect(density).toMatchObject({ points: 0, met_minimum: false, shortfall: 70 });
  });

  test('every minimum met but under 75 points is not recognised', () => {
    // At the minimum everywhere the total is exactly 75; one missing standard drops below it.
    const values = everyStandardAt('III', 'min');
    delete values['III.10'];
    const card = scoreClass(ruleSet, 'III', values);
    expect(card.total).toBe(74.25);
    expect(card.not_assessed).toEqual(['III.10']);
    expect(card.all_minimums_met).toBe(false);
    expect(card.recognised).toBe(false);
  });

  test('no values at all: 0 points, every standard not assessed, class II first', () => {
    const [ii, iii] = scoreClasses(ruleSet, {});
    expect(ii!.class).toBe('II');
    expect(iii!.class).toBe('III');
    expect(iii!.total).toBe(0);
    expect(iii!.not_assessed).toHaveLength(23);
  });

  test('labels a value for people: the level, or the number with its unit', () => {
    const values = { 'I.01': entered('province'), 'II.03': entered(48_047) };
    const card = scoreClass(ruleSet, 'III', values);
    const [role, population] = [card.standards[0]!, card.standards[2]!];
    expect(role.value_label).toEqual({ vi: 'Trung tâm cấp tỉnh', en: 'Provincial centre' });
    expect(population.value_label).toEqual({ vi: '48.047 người', en: '48,047 people' });
    expect(population.min_label.en).toBe('20,000 people');
  });
});
