/** The map's position as the view keeps it, and whether two positions differ enough to move. */
import type { Map } from 'maplibre-gl';
import type { Camera } from '../state/view-url.ts';

export function cameraOf(map: Pick<Map, 'getCenter' | 'getZoom'>): Camera {
  const c = map.getCenter();
  return { center: [c.lng, c.lat], zoom: map.getZoom() };
}

/**
 * True when `b` is more than rounding away from `a`: a URL keeps a few decimals, and jumping to
 * its rounded position after every move would shake the map.
 */
export function cameraDiffers(a: Camera, b: Camera): boolean {
  const tolerance = 360 / 2 ** (Math.max(a.zoom, b.zoom) + 8); // about a pixel
  return (
    Math.abs(a.zoom - b.zoom) > 0.01 ||
    Math.abs(a.center[0] - b.center[0]) > tolerance ||
    Math.abs(a.center[1] - b.center[1]) > tolerance
  );
}
