/**
 * Indicator values computed from the ward layer where it holds what a standard needs: II.03
 * urban population (sum of the wards' published population) and II.04 density (that population
 * over the area of the wards' boundaries, computed from the geometry). Each says how it was made.
 */
import { area } from '@turf/turf';
import type { Localized } from '../i18n.ts';
import type { Ward } from '../wards.ts';

export const POPULATION_CODE = 'II.03';
export const DENSITY_CODE = 'II.04';

export interface ComputedIndicator {
  value: number;
  note: Localized;
}

const vi = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });
const en = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** Square kilometres of a ward's boundary, geodesic (Turf). */
export function wardAreaKm2(ward: Ward): number {
  return area(ward) / 1e6;
}

/**
 * The values the wards of a scope allow, by standard code; none when a ward lacks its
 * population (a value made of part of the area would mislead).
 */
export function computedIndicators(wards: readonly Ward[]): Record<string, ComputedIndicator> {
  if (wards.length === 0) return {};
  const people = wards.map((w) => w.properties.population);
  if (!people.every((p): p is number => typeof p === 'number' && Number.isFinite(p) && p > 0)) {
    return {};
  }
  const population = people.reduce((a, b) => a + b, 0);
  const km2 = wards.reduce((sum, w) => sum + wardAreaKm2(w), 0);
  const density = Math.round((population / km2) * 10) / 10;
  const sum = (f: Intl.NumberFormat) =>
    wards.map((w, i) => `${w.properties.name} ${f.format(people[i]!)}`).join(' + ');
  return {
    [POPULATION_CODE]: {
      value: population,
      note: {
        vi: `Tính từ lớp phường, xã: tổng dân số công bố khi sắp xếp đơn vị hành chính năm 2025 (${sum(vi)}).`,
        en: `Computed from the ward layer: the population published with the 2025 reorganisation (${sum(en)}).`,
      },
    },
    [DENSITY_CODE]: {
      value: density,
      note: {
        vi: `Tính từ lớp phường, xã: ${vi.format(population)} người chia cho ${vi.format(Math.round(km2 * 100) / 100)} km² diện tích tự nhiên đo trên ranh giới.`,
        en: `Computed from the ward layer: ${en.format(population)} people over ${en.format(Math.round(km2 * 100) / 100)} km² of natural area measured on the boundaries.`,
      },
    },
  };
}
