/**
 * What the map draws under the layers. By default a street map from OpenStreetMap (OpenFreeMap's
 * public style, no key), whose style the app serves itself (/basemap/style.json) with Vietnamese
 * names first, or, where it cannot be reached, a plain background under the bundled boundaries.
 * `BASEMAP=offline` asks nothing of anyone outside. A deployment may configure a style, raster
 * tiles or a local PMTiles file instead.
 */
import type { StyleSpecification } from '@maplibre/maplibre-gl-style-spec';

export type BasemapConfig =
  | { type: 'offline' }
  /** An online vector street map: its style is read by the server, and falls back to offline. */
  | { type: 'streets'; url: string }
  /** A full MapLibre style; its sources may use pmtiles:// URLs. */
  | { type: 'style'; url: string }
  /** Raster XYZ tiles, e.g. https://tile.example.org/{z}/{x}/{y}.png */
  | { type: 'raster'; tiles: string[]; attribution: string }
  /** A raster PMTiles archive served by this app. */
  | { type: 'pmtiles'; url: string; attribution: string };

/** What the web app needs to know about its deployment. */
export interface ClientConfig {
  basemap: BasemapConfig;
  /** [minLon, minLat, maxLon, maxLat] of the service area: where the map opens. */
  serviceBbox: [number, number, number, number];
  /** Attribution of the bundled reference data, always shown. */
  attribution: string;
  /** How far around a new pin open cases of the same kind are shown (metres). */
  nearbyRadiusM: number;
}

/** OpenFreeMap's "Liberty" style: OpenStreetMap streets, buildings and places, no key needed. */
export const DEFAULT_STREETS_URL = 'https://tiles.openfreemap.org/styles/liberty';

/** The background where no street map is drawn: paper, under the bundled boundaries. */
export const OFFLINE_BACKGROUND = '#F4F1EA';

/** Set in the metadata of the style served in place of a street map that could not be reached. */
export const OFFLINE_MARK = 'urban-issue-map:streets-offline';

/**
 * The style with no street map: a plain background, the bundled boundaries drawn by the app's
 * own layers. No `glyphs`: MapLibre draws labels with the device's own fonts, Vietnamese
 * included. `unreachable` marks it as standing in for a street map that could not be reached.
 */
export function offlineStyle(unreachable = false): StyleSpecification {
  return {
    version: 8,
    ...(unreachable ? { metadata: { [OFFLINE_MARK]: true } } : {}),
    sources: {},
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': OFFLINE_BACKGROUND } },
    ],
  };
}

/** Whether a style is the offline one standing in for a street map that could not be reached. */
export function standsInForStreets(style: unknown): boolean {
  const metadata = (style as { metadata?: Record<string, unknown> } | null)?.metadata;
  return metadata?.[OFFLINE_MARK] === true;
}
