/**
 * The style under the layers: the street map the app serves (/basemap/style.json, the offline
 * style in its place when the street map cannot be reached), or a plain background with the
 * bundled boundaries drawn by their own layer components. A deployment's style URL, raster tiles
 * or local PMTiles replace the background.
 */
import type { StyleSpecification } from 'maplibre-gl';
import {
  OFFLINE_BACKGROUND as BACKGROUND,
  offlineStyle,
  type BasemapConfig,
} from '../../../../server/domain/basemap.ts';

function withRaster(
  url: { tiles: string[] } | { url: string },
  attribution: string,
): StyleSpecification {
  return {
    version: 8,
    sources: { basemap: { type: 'raster', tileSize: 256, attribution, ...url } },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': BACKGROUND } },
      { id: 'basemap', type: 'raster', source: 'basemap' },
    ],
  };
}

/** The style for a basemap setting; `origin` makes a served file's URL absolute. */
export function baseStyle(config: BasemapConfig, origin: string): StyleSpecification | string {
  switch (config.type) {
    case 'style':
      return config.url;
    case 'raster':
      return withRaster({ tiles: config.tiles }, config.attribution);
    case 'pmtiles':
      return withRaster(
        { url: `pmtiles://${new URL(config.url, origin).href}` },
        config.attribution,
      );
    case 'streets':
      // What `loadBaseStyle` reads; the offline style stands in while it is not there.
      return new URL('/basemap/style.json', origin).href;
    case 'offline':
      return offlineStyle() as StyleSpecification;
  }
}

/**
 * The style the map opens with: for the street map, the style the app serves, read here so that
 * a phone with no signal and nothing kept opens on the boundaries within `waitMs` instead of a
 * blank map (the app marks the stand-in, and the map says the streets are offline).
 */
export async function loadBaseStyle(
  config: BasemapConfig,
  origin: string,
  waitMs = 3_000,
): Promise<StyleSpecification | string> {
  const style = baseStyle(config, origin);
  if (config.type !== 'streets' || typeof style !== 'string') return style;
  try {
    const answer = await fetch(style, { signal: AbortSignal.timeout(waitMs) });
    if (!answer.ok) throw new Error(`HTTP ${answer.status}`);
    return (await answer.json()) as StyleSpecification;
  } catch {
    return offlineStyle(true) as StyleSpecification;
  }
}
