/** Map views for the cluster benchmark: screens at street-to-city zooms, and the whole area. */
import type { BBox, Position } from 'geojson';

/** A screen of `width` × `height` CSS pixels at a zoom (MapLibre's 512-pixel tiles), centred on `at`. */
export function screenAround([lon, lat]: Position, zoom: number, width = 1280, height = 800): BBox {
  const world = 512 * 2 ** zoom;
  const x = ((lon! + 180) / 360) * world;
  const sin = Math.sin((lat! * Math.PI) / 180);
  const y = (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * world;
  const toLon = (px: number) => (px / world) * 360 - 180;
  const toLat = (py: number) => {
    const n = Math.PI - (2 * Math.PI * py) / world;
    return (180 / Math.PI) * Math.atan(Math.sinh(n));
  };
  return [toLon(x - width / 2), toLat(y + height / 2), toLon(x + width / 2), toLat(y - height / 2)];
}

/** The cluster radius in degrees of longitude at a zoom, for the grid anchor's cells. */
export function radiusDegrees(zoom: number, radiusPx = 60): number {
  return (radiusPx / (512 * 2 ** zoom)) * 360;
}
