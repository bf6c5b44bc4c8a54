/** What the map's tooltip says of a violation: its kind, its text, its address, its first photo. */
import type { MapGeoJSONFeature } from 'maplibre-gl';
import {
  violationKindCatalog,
  type ViolationKind,
} from '../../../../server/domain/violations/violation-kinds.ts';
import { locale } from '../i18n/locale.svelte.ts';

export function violationTooltip(feature: Pick<MapGeoJSONFeature, 'properties'>): string[] {
  const p = feature.properties ?? {};
  const kind = violationKindCatalog[p.kind as ViolationKind];
  return [kind ? locale.label(kind.label) : '', p.description, p.address].filter(
    (line): line is string => typeof line === 'string' && line !== '',
  );
}

/** The first photo's thumbnail, when the reader may see photos: only this app's photo URLs. */
export function violationThumbnail(feature: Pick<MapGeoJSONFeature, 'properties'>): string | null {
  const url = feature.properties?.thumbnail;
  return typeof url === 'string' && /^\/api\/photos\/[0-9a-f]{64}\.(jpg|png|webp)$/.test(url)
    ? url
    : null;
}
