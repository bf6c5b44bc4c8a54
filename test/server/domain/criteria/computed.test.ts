import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ROOT } from '../../../../server/config.ts';
import { computedIndicators, wardAreaKm2 } from '../../../../server/domain/criteria/computed.ts';
import { reference } from '../../helpers.ts';

/** The ward file's own figures, read beside the code that computes from it. */
const file = JSON.parse(readFileSync(join(ROOT, 'data/area/wards-2025.geojson'), 'utf8'));
const props = (id: string) => file.features.find((f: { id: string }) => f.id === id).properties;
const ward = (code: string) => reference.wards.byCode(code)!;
const urban = [ward('2025-01843'), ward('2025-01840')];

describe('indicators computed from the ward layer', () => {
  test('II.03 urban population is the sum of the two urban wards’ published population', () => {
    const expected = props('2025-01843').population + props('2025-01840').population;
    expect(expected).toBe(48_047);
    const values = computedIndicators(urban);
    expect(values['II.03']!.value).toBe(expected);
    expect(values['II.03']!.note.vi).toContain('Phường Bắc Kạn 25.387 + Phường Đức Xuân 22.660');
  });

  test('the area comes from the geometry and agrees with the file’s computed area', () => {
    for (const code of ['2025-01843', '2025-01840', '2025-01849']) {
      expect(wardAreaKm2(ward(code))).toBeCloseTo(props(code).area_km2_computed, 1);
    }
  });

  test('II.04 density is that population over that area, and the note says so', () => {
    const km2 = props('2025-01843').area_km2_computed + props('2025-01840').area_km2_computed;
    const values = computedIndicators(urban);
    // 48,047 people on about 111 km²: about 433 per km², under class III's minimum of 500.
    expect(values['II.04']!.value).toBeCloseTo(48_047 / km2, 0);
    expect(values['II.04']!.note.en).toMatch(/48,047 people over 111\.\d+ km² of natural area/);
  });

  test('one ward alone: its own population and density', () => {
    const values = computedIndicators([ward('2025-01840')]);
    expect(values['II.03']!.value).toBe(22_660);
    expect(values['II.04']!.value).toBeCloseTo(22_660 / props('2025-01840').area_km2_computed, 0);
  });

  test('a ward without a population gives no value rather than part of one', () => {
    const without = { ...ward('2025-01840'), properties: { ...ward('2025-01840').properties } };
    delete without.properties.population;
    expect(computedIndicators([ward('2025-01843'), without])).toEqual({});
  });
});
