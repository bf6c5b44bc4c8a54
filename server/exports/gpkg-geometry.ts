/**
 * GeoPackage geometry blobs: the "GP" header (version 0, flags, srs_id, an envelope for areas)
 * followed by standard little-endian WKB. GDAL counts rows with raw WKB but cannot read them.
 */
import type { Position } from 'geojson';
import type { ExportGeometry } from './layer.ts';

/** minX, minY, maxX, maxY */
export type Envelope = [number, number, number, number];

const LITTLE_ENDIAN = 1;
const WKB_POINT = 1;
const WKB_LINESTRING = 2;
const WKB_POLYGON = 3;
const WKB_MULTIPOLYGON = 6;

function positions(geometry: ExportGeometry): Position[] {
  if (geometry.type === 'Point') return [geometry.coordinates];
  if (geometry.type === 'LineString') return geometry.coordinates;
  return geometry.type === 'Polygon' ? geometry.coordinates.flat() : geometry.coordinates.flat(2);
}

export function envelopeOf(geometry: ExportGeometry): Envelope {
  const box: Envelope = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of positions(geometry) as [number, number][]) {
    box[0] = Math.min(box[0], x);
    box[1] = Math.min(box[1], y);
    box[2] = Math.max(box[2], x);
    box[3] = Math.max(box[3], y);
  }
  return box;
}

/** A WKB polygon: 5 + a ring count 4, per ring 4 + 16 per position. */
const polygonBytes = (rings: Position[][]) =>
  9 + rings.reduce((n, ring) => n + 4 + ring.length * 16, 0);

/** Sizes in bytes: header 8, envelope 32, then the WKB (a multipolygon: 9 + its polygons). */
function byteLength(geometry: ExportGeometry, withEnvelope: boolean): number {
  const header = 8 + (withEnvelope ? 32 : 0);
  if (geometry.type === 'Point') return header + 5 + 16;
  // A line: byte order 1, type 4, a position count 4, 16 per position.
  if (geometry.type === 'LineString') return header + 9 + geometry.coordinates.length * 16;
  if (geometry.type === 'Polygon') return header + polygonBytes(geometry.coordinates);
  return header + 9 + geometry.coordinates.reduce((n, p) => n + polygonBytes(p), 0);
}

export function geoPackageGeometry(geometry: ExportGeometry, srsId: number): Buffer {
  // A point's envelope is the point: GDAL leaves it out, and so do we.
  const withEnvelope = geometry.type !== 'Point';
  const out = Buffer.alloc(byteLength(geometry, withEnvelope));
  let at = 0;
  out.write('GP', at, 'ascii');
  out.writeUInt8(0, 2);
  // Bit 0: little-endian header; bits 1–3: envelope kind (1 = minX, maxX, minY, maxY).
  out.writeUInt8(LITTLE_ENDIAN | ((withEnvelope ? 1 : 0) << 1), 3);
  out.writeInt32LE(srsId, 4);
  at = 8;
  const double = (n: number) => (at = out.writeDoubleLE(n, at));
  const uint = (n: number) => (at = out.writeUInt32LE(n, at));
  if (withEnvelope) {
    const [minX, minY, maxX, maxY] = envelopeOf(geometry);
    [minX, maxX, minY, maxY].forEach(double);
  }
  // Each part of a multipolygon is a whole WKB polygon, with its own byte order and type.
  const polygon = (rings: Position[][]) => {
    at = out.writeUInt8(LITTLE_ENDIAN, at);
    uint(WKB_POLYGON);
    uint(rings.length);
    for (const ring of rings) {
      uint(ring.length);
      for (const [x, y] of ring as [number, number][]) {
        double(x);
        double(y);
      }
    }
  };
  if (geometry.type === 'Point') {
    at = out.writeUInt8(LITTLE_ENDIAN, at);
    uint(WKB_POINT);
    double(geometry.coordinates[0]!);
    double(geometry.coordinates[1]!);
  } else if (geometry.type === 'LineString') {
    at = out.writeUInt8(LITTLE_ENDIAN, at);
    uint(WKB_LINESTRING);
    uint(geometry.coordinates.length);
    for (const [x, y] of geometry.coordinates as [number, number][]) {
      double(x);
      double(y);
    }
  } else if (geometry.type === 'Polygon') {
    polygon(geometry.coordinates);
  } else {
    at = out.writeUInt8(LITTLE_ENDIAN, at);
    uint(WKB_MULTIPOLYGON);
    uint(geometry.coordinates.length);
    geometry.coordinates.forEach(polygon);
  }
  return out;
}

/** The same geometry with every position mapped (to another CRS). */
export function mapPositions<G extends ExportGeometry>(
  geometry: G,
  map: (p: Position) => Position,
): G {
  const g = geometry as ExportGeometry;
  if (g.type === 'Point') return { ...geometry, coordinates: map(g.coordinates) };
  if (g.type === 'LineString') return { ...geometry, coordinates: g.coordinates.map(map) };
  const ring = (r: Position[]) => r.map(map);
  if (g.type === 'Polygon') return { ...geometry, coordinates: g.coordinates.map(ring) };
  return { ...geometry, coordinates: g.coordinates.map((p) => p.map(ring)) };
}
