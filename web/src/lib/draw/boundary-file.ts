/**
 * A project boundary from a file a planner already has: GeoJSON (from QGIS) or KML (Google Earth).
 * The first Polygon or MultiPolygon in it is the boundary; KML is read by @tmcw/togeojson, loaded
 * only when such a file is opened. Altitudes are dropped: the layers are 2D.
 */
import type { Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import { MAX_VERTICES } from '../../../../server/domain/geometry.ts';

export type Boundary = Polygon | MultiPolygon;

/** Why a file gave no boundary; the panel turns the reason into words. */
export type BoundaryFileProblem =
  | { reason: 'empty' }
  | { reason: 'broken'; format: 'geojson' | 'kml' }
  | { reason: 'no-polygon' }
  | { reason: 'too-many-vertices'; vertices: number; limit: number }
  | { reason: 'too-large'; limit: number };

export class BoundaryFileError extends Error {
  constructor(readonly problem: BoundaryFileProblem) {
    super(problem.reason);
  }
}

/** Bigger files are not boundaries (DESIGN.md: a JSON body up to 1 MB carries the geometry). */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

const flat = (p: Position): Position => [p[0]!, p[1]!];
const flatRings = (rings: Position[][]): Position[][] => rings.map((r) => r.map(flat));

/** The first polygon of a geometry, depth first as the file lists them. */
function firstPolygon(geometry: Geometry | null | undefined): Boundary | null {
  if (!geometry) return null;
  switch (geometry.type) {
    case 'Polygon':
      return { type: 'Polygon', coordinates: flatRings(geometry.coordinates) };
    case 'MultiPolygon':
      return { type: 'MultiPolygon', coordinates: geometry.coordinates.map(flatRings) };
    case 'GeometryCollection':
      for (const g of geometry.geometries) {
        const found = firstPolygon(g);
        if (found) return found;
      }
      return null;
    default:
      return null;
  }
}

/** The first polygon of any GeoJSON object: a collection, a feature or a bare geometry. */
export function boundaryOf(geojson: unknown): Boundary | null {
  if (typeof geojson !== 'object' || geojson === null) return null;
  const o = geojson as { type?: unknown; features?: unknown; geometry?: unknown };
  if (o.type === 'FeatureCollection' && Array.isArray(o.features)) {
    for (const f of o.features) {
      const found = boundaryOf(f);
      if (found) return found;
    }
    return null;
  }
  if (o.type === 'Feature') return firstPolygon(o.geometry as Geometry | null);
  return firstPolygon(geojson as Geometry);
}

export function vertexCount(boundary: Boundary): number {
  const polygons = boundary.type === 'Polygon' ? [boundary.coordinates] : boundary.coordinates;
  return polygons.flat().reduce((n, ring) => n + ring.length, 0);
}

async function kmlToGeoJSON(text: string): Promise<unknown> {
  const doc = new DOMParser().parseFromString(text, 'application/xml');
  if (doc.getElementsByTagName('parsererror').length > 0) {
    throw new BoundaryFileError({ reason: 'broken', format: 'kml' });
  }
  const { kml } = await import('@tmcw/togeojson');
  return kml(doc);
}

/** Reads a file's text as GeoJSON or KML (by its content, whatever its name says). */
export async function readBoundary(text: string): Promise<Boundary> {
  const body = text.replace(/^\uFEFF/, '').trim();
  if (!body) throw new BoundaryFileError({ reason: 'empty' });
  let geojson: unknown;
  if (body.startsWith('<')) {
    geojson = await kmlToGeoJSON(body);
  } else {
    try {
      geojson = JSON.parse(body);
    } catch {
      throw new BoundaryFileError({ reason: 'broken', format: 'geojson' });
    }
  }
  const boundary = boundaryOf(geojson);
  if (!boundary) throw new BoundaryFileError({ reason: 'no-polygon' });
  const vertices = vertexCount(boundary);
  if (vertices > MAX_VERTICES) {
    throw new BoundaryFileError({ reason: 'too-many-vertices', vertices, limit: MAX_VERTICES });
  }
  return boundary;
}

/** Reads a chosen file; refuses one too large to be a boundary before reading it. */
export async function readBoundaryFile(file: File): Promise<Boundary> {
  if (file.size > MAX_FILE_BYTES) {
    throw new BoundaryFileError({ reason: 'too-large', limit: MAX_FILE_BYTES });
  }
  return readBoundary(await file.text());
}
