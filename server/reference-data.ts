/** Loads the shipped reference layers from data/area once at start. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './config.ts';
import { WardIndex } from './domain/wards.ts';
import { loadRuleSets } from './criteria-data.ts';
import type { RuleSet } from './domain/criteria/rule-set.ts';
import type { WardLayers } from './domain/wards.ts';

/** Short enough for a phone's corner; data/area/ATTRIBUTION.md has the full sources. */
export const ATTRIBUTION =
  'Ranh giới: sapnhap.bando.com.vn, vietnamese-provinces-database (MIT), vietnam63 (MIT)';

export interface ReferenceData {
  layers: WardLayers;
  wards: WardIndex;
  areaName: string;
  /** Urban-classification rule sets from data/criteria, checked at start. */
  ruleSets: RuleSet[];
}

function readGeoJson(file: string) {
  return JSON.parse(readFileSync(join(ROOT, 'data', 'area', file), 'utf8'));
}

export function loadReferenceData(): ReferenceData {
  const layers: WardLayers = {
    '2025': readGeoJson('wards-2025.geojson'),
    '2024': readGeoJson('wards-2024.geojson'),
  };
  return {
    layers,
    // Records take their ward from the accurate 2025 layer only; 2024 is a historical view.
    wards: new WardIndex(layers['2025']),
    areaName: layers['2025'].features.map((f) => f.properties.name).join(', '),
    ruleSets: loadRuleSets(),
  };
}
