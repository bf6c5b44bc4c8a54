/**
 * Polygons as RFC 7946 (§3.1.6) writes them: exterior rings counterclockwise, holes clockwise. A
 * record keeps the rings as they were drawn (a KML or a QGIS layer may wind them either way);
 * what the app hands out as GeoJSON follows the rule, which some clients (d3, older Leaflet
 * plugins, validators) rely on to tell the inside from the outside.
 */
import { rewind } from '@turf/rewind';
import type { Geometry } from 'geojson';

/** The geometry with its polygons wound by the rule; points and lines as they are. */
export function rfc7946Winding<G extends Geometry>(geometry: G): G {
  switch (geometry.type) {
    case 'Polygon':
    case 'MultiPolygon':
      return rewind(geometry) as G;
    case 'GeometryCollection':
      return { ...geometry, geometries: geometry.geometries.map(rfc7946Winding) };
    default:
      // @turf/rewind would also reverse lines; a line's direction is the record's own.
      return geometry;
  }
}

/**
 * The same for a geometry's JSON text: read only when it holds a polygon, so the many points of
 * a page or a file are copied through untouched.
 */
export function rfc7946WindingJson(geometryJson: string): string {
  if (!geometryJson.includes('Polygon')) return geometryJson;
  return JSON.stringify(rfc7946Winding(JSON.parse(geometryJson) as Geometry));
}
