/**
 * The style under the layers. Offline by default: a plain background, the bundled boundaries are
 * drawn by their own layer components. A deployment's style URL, raster tiles or local PMTiles
 * replace the background.
 */
import type { StyleSpecification } from 'maplibre-gl';
import type { BasemapConfig } from '../../../../server/domain/basemap.ts';

export const BACKGROUND = '#F4F1EA';

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
    case 'offline':
      // No `glyphs`: MapLibre draws labels with the device's own fonts, Vietnamese included.
      return {
        version: 8,
        sources: {},
        layers: [
          { id: 'background', type: 'background', paint: { 'background-color': BACKGROUND } },
        ],
      };
  }
}
