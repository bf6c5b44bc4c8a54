/**
 * Coordinate reference systems the OGC API offers (Part 2): WGS84 longitude/latitude (CRS84, the
 * storage and the default) and VN-2000 / TM-3 106-30 (EPSG:9213), easting first as its axes say.
 */
import type { BBox, Geometry, Position } from 'geojson';
import { fromVn2000, toVn2000, VN2000_EPSG } from '../domain/vn2000.ts';

export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
export const VN2000_URI = `http://www.opengis.net/def/crs/EPSG/0/${VN2000_EPSG}`;
export const SUPPORTED_CRS = [CRS84, VN2000_URI] as const;
export type Crs = (typeof SUPPORTED_CRS)[number];

export function isSupportedCrs(uri: string): uri is Crs {
  return (SUPPORTED_CRS as readonly string[]).includes(uri);
}

function toGrid([lon, lat]: Position): Position {
  const { easting, northing } = toVn2000(lon!, lat!);
  return [easting, northing];
}

function mapCoordinates(coordinates: unknown, map: (p: Position) => Position): unknown {
  if (Array.isArray(coordinates) && typeof coordinates[0] === 'number') {
    return map(coordinates as Position);
  }
  return (coordinates as unknown[]).map((c) => mapCoordinates(c, map));
}

/** A WGS84 geometry in the asked CRS. */
export function geometryIn<G extends Geometry>(geometry: G, crs: Crs): G {
  if (crs === CRS84 || geometry.type === 'GeometryCollection') return geometry;
  return { ...geometry, coordinates: mapCoordinates(geometry.coordinates, toGrid) } as G;
}

/**
 * A bbox given in `crs` as a WGS84 bbox: the box around its projected corners (a grid box's edges
 * curve by millimetres over a city, well inside any position's accuracy).
 */
export function bboxToWgs84(bbox: BBox, crs: Crs): BBox {
  if (crs === CRS84) return bbox;
  const [minE, minN, maxE, maxN] = bbox as [number, number, number, number];
  const corners = [
    [minE, minN],
    [maxE, minN],
    [maxE, maxN],
    [minE, maxN],
  ].map(([easting, northing]) => fromVn2000({ easting: easting!, northing: northing! }));
  const lons = corners.map((c) => c[0]);
  const lats = corners.map((c) => c[1]);
  return [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
}
