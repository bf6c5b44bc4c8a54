/** Ward names by period-keyed code ("2025-01843" → "Phường Bắc Kạn"), from the loaded ward layer. */
import type { FeatureCollection } from 'geojson';

export type WardNames = Record<string, string>;

export function wardNames(wards: FeatureCollection | null): WardNames {
  const names: WardNames = {};
  for (const f of wards?.features ?? []) {
    const name = f.properties?.name;
    if (f.id !== undefined && typeof name === 'string') names[String(f.id)] = name;
  }
  return names;
}
