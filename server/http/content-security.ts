/**
 * The Content-Security-Policy: scripts only from the app itself, so text someone stored can never
 * run as code even if a page slipped. The basemap's origins are allowed where a deployment
 * configured one.
 */
import type { BasemapConfig } from '../domain/basemap.ts';

function originsOf(urls: string[]): string[] {
  const origins = new Set<string>();
  for (const url of urls) {
    try {
      // Tile templates hold {z}/{x}/{y}, which URL() accepts in the path.
      const { origin } = new URL(url);
      if (origin !== 'null') origins.add(origin);
    } catch {
      // A relative URL is this app's own origin.
    }
  }
  return [...origins];
}

function basemapOrigins(basemap: BasemapConfig): string[] {
  switch (basemap.type) {
    case 'raster':
      return originsOf(basemap.tiles);
    // A style names its tiles, glyphs and sprites itself: any HTTPS origin may serve them.
    case 'style':
    case 'streets':
      return ['https:', ...originsOf([basemap.url])];
    default:
      return [];
  }
}

export function contentSecurityPolicy(basemap: BasemapConfig) {
  const remote = basemapOrigins(basemap);
  return {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    // MapLibre's worker is a same-origin module; blob: covers browsers that wrap it.
    workerSrc: ["'self'", 'blob:'],
    connectSrc: ["'self'", ...remote],
    imgSrc: ["'self'", 'data:', 'blob:', ...remote],
    // Svelte and MapLibre set inline styles; styles cannot run code.
    styleSrc: ["'self'", "'unsafe-inline'"],
    fontSrc: ["'self'", 'data:'],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    manifestSrc: ["'self'"],
  };
}
