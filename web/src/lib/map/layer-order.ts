/**
 * Where a reference layer goes in the style: under every record layer, so that switching wards or
 * former units back on never covers the pins and areas drawn before it.
 */
import type { Map } from 'maplibre-gl';

/** Ids of record layers start with these (the stable ids of their sources). */
export const RECORD_PREFIXES = [
  'choropleth',
  'projects',
  'gaps',
  'complaints',
  'violations',
  'pending',
  'position',
];

/** The lowest record layer now in the style, to pass as `beforeId`; none when there is none. */
export function underRecords(map: Pick<Map, 'getStyle'>, prefixes = RECORD_PREFIXES) {
  const layers = map.getStyle()?.layers ?? [];
  return layers.find((l) => prefixes.some((p) => l.id === p || l.id.startsWith(`${p}-`)))?.id;
}
