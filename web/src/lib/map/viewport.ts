/**
 * The part of the map a large data set is asked for: the view on screen, padded so a short pan
 * needs no new answer, at the integer zoom the server clusters for. Plain functions of the map.
 */
import type { Map } from 'maplibre-gl';

export type Bbox = [number, number, number, number];

export interface Viewport {
  /** minLon, minLat, maxLon, maxLat, rounded so equal views make equal (cacheable) URLs. */
  bbox: Bbox;
  /** The map's zoom, rounded down: the server clusters per whole level. */
  zoom: number;
}

/** How much of the view's size is added on each side. */
const PAD = 0.25;
/** The server refuses views wider than 4,096 pixels a side; a padded view stays under this. */
const MAX_SIDE_PX = 3800;

const round5 = (n: number) => Math.round(n * 1e5) / 1e5;
const clamp = (n: number, min: number, max: number) => Math.min(max, Math.max(min, n));

export function viewportOf(map: Pick<Map, 'getBounds' | 'getZoom' | 'getCanvas'>): Viewport {
  const b = map.getBounds();
  const canvas = map.getCanvas();
  const side = Math.max(canvas.clientWidth, canvas.clientHeight, 1);
  const pad = clamp((MAX_SIDE_PX / side - 1) / 2, 0, PAD);
  const w = (b.getEast() - b.getWest()) * pad;
  const h = (b.getNorth() - b.getSouth()) * pad;
  return {
    bbox: [
      round5(clamp(b.getWest() - w, -180, 180)),
      round5(clamp(b.getSouth() - h, -85, 85)),
      round5(clamp(b.getEast() + w, -180, 180)),
      round5(clamp(b.getNorth() + h, -85, 85)),
    ],
    zoom: Math.floor(map.getZoom()),
  };
}

/** A count as a cluster bubble shows it: 950, 1.2k, 15k. */
export function abbreviateCount(n: number): string {
  if (n < 1000) return String(n);
  if (n < 10_000) return `${Math.round(n / 100) / 10}k`;
  return `${Math.round(n / 1000)}k`;
}
