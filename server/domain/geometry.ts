/**
 * Geometry checks run before anything is written: shape, finite in-range numbers, closed rings,
 * no self-intersection, a vertex limit, and inside the service area. Turf does the geometry;
 * nothing here re-implements it.
 */
import { booleanValid, booleanWithin, kinks, polygon as turfPolygon } from '@turf/turf';
import type { Feature, MultiPolygon, Point, Polygon, Position } from 'geojson';
import { areaIndex } from './area-index.ts';
import { DomainError } from './errors.ts';

/** DESIGN.md: a geometry up to 10,000 vertices. */
export const MAX_VERTICES = 10_000;
/** A ring smaller than this (m²) has no area: its points are in a line or repeated. */
export const MIN_RING_AREA_M2 = 0.01;

const METRES_PER_DEGREE = 111_320;

/**
 * A ring's area in square metres on a plane tangent at its mean latitude. Points in a straight
 * line of longitude and latitude stay in a line there, so their area is 0 up to rounding, on a
 * diagonal as on a parallel; a geodesic area would give such a line a few square centimetres.
 */
function localArea(ring: Position[]): number {
  const lat0 = ring.reduce((sum, p) => sum + p[1]!, 0) / ring.length;
  const kx = METRES_PER_DEGREE * Math.cos((lat0 * Math.PI) / 180);
  const [x0, y0] = [ring[0]![0]!, ring[0]![1]!];
  let twice = 0;
  for (let i = 1; i < ring.length - 1; i++) {
    const [ax, ay] = [(ring[i]![0]! - x0) * kx, (ring[i]![1]! - y0) * METRES_PER_DEGREE];
    const [bx, by] = [(ring[i + 1]![0]! - x0) * kx, (ring[i + 1]![1]! - y0) * METRES_PER_DEGREE];
    twice += ax * by - bx * ay;
  }
  return Math.abs(twice) / 2;
}

export type RecordGeometry = Point | Polygon;
export type Area = Feature<Polygon | MultiPolygon>;

function invalid(vi: string, en: string, details?: unknown): DomainError {
  return new DomainError('INVALID_GEOMETRY', { vi, en }, details);
}

export function checkPosition(position: unknown, where: string): Position {
  if (
    !Array.isArray(position) ||
    position.length < 2 ||
    position.length > 3 ||
    !position.every((n) => typeof n === 'number' && Number.isFinite(n))
  ) {
    throw invalid(
      `Toạ độ tại ${where} phải là [kinh độ, vĩ độ] bằng số hữu hạn.`,
      `The position at ${where} must be [longitude, latitude] as finite numbers.`,
      { at: where },
    );
  }
  const [lon, lat] = position as number[] as [number, number];
  if (lon < -180 || lon > 180 || lat < -90 || lat > 90) {
    throw invalid(
      `Toạ độ tại ${where} nằm ngoài phạm vi (kinh độ −180…180, vĩ độ −90…90). Kiểm tra thứ tự [kinh độ, vĩ độ].`,
      `The position at ${where} is out of range (longitude −180…180, latitude −90…90). Check the order [longitude, latitude].`,
      { at: where },
    );
  }
  // Altitude is dropped: the layers are 2D.
  return [lon, lat];
}

function checkRings(rings: unknown): Position[][] {
  if (!Array.isArray(rings) || rings.length === 0) {
    throw invalid('Vùng (Polygon) phải có ít nhất một vòng.', 'A Polygon needs at least one ring.');
  }
  let vertices = 0;
  for (const ring of rings) vertices += Array.isArray(ring) ? ring.length : 0;
  if (vertices > MAX_VERTICES) {
    throw new DomainError(
      'TOO_MANY_VERTICES',
      {
        vi: `Vùng có ${vertices} đỉnh, vượt giới hạn ${MAX_VERTICES}. Hãy đơn giản hoá ranh giới.`,
        en: `The polygon has ${vertices} vertices, over the limit of ${MAX_VERTICES}. Simplify the boundary.`,
      },
      { vertices, limit: MAX_VERTICES },
    );
  }
  return rings.map((ring, r) => {
    if (!Array.isArray(ring) || ring.length < 4) {
      throw invalid(
        `Vòng ${r} cần ít nhất 4 toạ độ (điểm cuối trùng điểm đầu).`,
        `Ring ${r} needs at least 4 positions (the last equal to the first).`,
        { ring: r },
      );
    }
    const checked = ring.map((p, i) => checkPosition(p, `ring ${r}, vertex ${i}`));
    const first = checked[0]!;
    const last = checked[checked.length - 1]!;
    if (first[0] !== last[0] || first[1] !== last[1]) {
      throw invalid(
        `Vòng ${r} chưa khép kín: điểm cuối phải trùng điểm đầu.`,
        `Ring ${r} is not closed: its last position must equal its first.`,
        { ring: r },
      );
    }
    return checked;
  });
}

/** Parses and checks a geometry of one of the allowed types; answers it in normal form. */
export function checkGeometry(
  input: unknown,
  allowed: readonly RecordGeometry['type'][],
): RecordGeometry {
  const type = (input as { type?: unknown } | null)?.type;
  if (typeof input !== 'object' || input === null || !allowed.includes(type as never)) {
    throw invalid(
      `Hình học phải là GeoJSON kiểu ${allowed.join(' hoặc ')}.`,
      `The geometry must be a GeoJSON ${allowed.join(' or ')}.`,
      { allowed },
    );
  }
  const coordinates = (input as { coordinates?: unknown }).coordinates;
  if (type === 'Point') return { type: 'Point', coordinates: checkPosition(coordinates, 'point') };

  const polygon: Polygon = { type: 'Polygon', coordinates: checkRings(coordinates) };
  const crossings = kinks(turfPolygon(polygon.coordinates)).features;
  if (crossings.length > 0 || !booleanValid(polygon)) {
    const at = crossings[0]?.geometry.coordinates;
    throw invalid(
      'Ranh giới tự cắt nhau hoặc không hợp lệ. Hãy vẽ lại để các cạnh không cắt nhau.',
      'The boundary intersects itself or is invalid. Redraw it so that no edges cross.',
      at ? { reason: 'self_intersection', at } : { reason: 'invalid' },
    );
  }
  // Neither kinks nor booleanValid sees these two (RFC 7946 §3.1.6 forbids both).
  const [shell, ...holes] = polygon.coordinates;
  polygon.coordinates.forEach((ring, r) => {
    if (localArea(ring) < MIN_RING_AREA_M2) {
      throw invalid(
        `Vòng ${r} không có diện tích (các điểm thẳng hàng hoặc trùng nhau).`,
        `Ring ${r} has no area (its points are in a line or repeated).`,
        { reason: 'no_area', ring: r },
      );
    }
  });
  holes.forEach((hole, h) => {
    if (!booleanWithin(turfPolygon([hole]), turfPolygon([shell!]))) {
      throw invalid(
        `Lỗ thủng ${h + 1} nằm ngoài ranh giới ngoài của vùng.`,
        `Hole ${h + 1} lies outside the polygon's outer boundary.`,
        { reason: 'hole_outside', ring: h + 1 },
      );
    }
  });
  return polygon;
}

/** Refuses a geometry with any vertex outside the service area. */
export function checkInsideArea(geometry: RecordGeometry, area: Area, areaName: string): void {
  const positions =
    geometry.type === 'Point' ? [geometry.coordinates] : geometry.coordinates.flat();
  // The area cut along a grid answers as Turf does, several times faster: imports test many.
  const inside = areaIndex(area);
  const outside = positions.find((p) => !inside.contains(p));
  if (outside) {
    throw new DomainError(
      'OUT_OF_AREA',
      {
        vi: `Vị trí (${outside[1]!.toFixed(5)}, ${outside[0]!.toFixed(5)}) nằm ngoài địa bàn quản lý (${areaName}).`,
        en: `The position (${outside[1]!.toFixed(5)}, ${outside[0]!.toFixed(5)}) is outside the service area (${areaName}).`,
      },
      { at: outside },
    );
  }
}
