/**
 * What the map draws under the layers. The default needs no internet: a plain background under
 * the bundled boundaries. A deployment may configure a style, raster tiles or a local PMTiles file.
 */
export type BasemapConfig =
  | { type: 'offline' }
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
