/**
 * GeoPackage geometry blobs: the "GP" header (version 0, flags, srs_id, an envelope for areas)
 * followed by standard little-endian WKB. GDAL counts rows with raw WKB but cannot read them.
 */
import type { Point, Polygon, Position } from 'geojson';

/** minX, minY, maxX, maxY */
export type Envelope = [number, number, number, number];

const LITTLE_ENDIAN = 1;
const WKB_POINT = 1;
const WKB_POLYGON = 3;

function positions(geometry: Point | Polygon): Position[] {
  return geometry.type === 'Point' ? [geometry.coordinates] : geometry.coordinates.flat();
}

export function envelopeOf(geometry: Point | Polygon): Envelope {
  const box: Envelope = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of positions(geometry) as [number, number][]) {
    box[0] = Math.min(box[0], x);
    box[1] = Math.min(box[1], y);
    box[2] = Math.max(box[2], x);
    box[3] = Math.max(box[3], y);
  }
  return box;
}

/** Sizes in bytes: header 8, envelope 32; WKB 5 + a ring count 4, per ring 4 + 16 per position. */
function byteLength(geometry: Point | Polygon, withEnvelope: boolean): number {
  const header = 8 + (withEnvelope ? 32 : 0);
  if (geometry.type === 'Point') return header + 5 + 16;
  return header + 9 + geometry.coordinates.reduce((n, ring) => n + 4 + ring.length * 16, 0);
}

export function geoPackageGeometry(geometry: Point | Polygon, srsId: number): Buffer {
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
  at = out.writeUInt8(LITTLE_ENDIAN, at);
  if (geometry.type === 'Point') {
    uint(WKB_POINT);
    double(geometry.coordinates[0]!);
    double(geometry.coordinates[1]!);
  } else {
    uint(WKB_POLYGON);
    uint(geometry.coordinates.length);
    for (const ring of geometry.coordinates) {
      uint(ring.length);
      for (const [x, y] of ring as [number, number][]) {
        double(x);
        double(y);
      }
    }
  }
  return out;
}

/** The same geometry with every position mapped (to another CRS). */
export function mapPositions<G extends Point | Polygon>(
  geometry: G,
  map: (p: Position) => Position,
): G {
  if (geometry.type === 'Point') return { ...geometry, coordinates: map(geometry.coordinates) };
  return { ...geometry, coordinates: (geometry as Polygon).coordinates.map((r) => r.map(map)) };
}
