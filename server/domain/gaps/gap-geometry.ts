/**
 * Geometry checks of a gap's place. Points and polygons go through the violations' own checks
 * (geometry.ts); a line (a street without drainage) and a multipolygon (a ward's scattered green
 * land) get the same rules: finite positions in range, the vertex limit, validity, inside the area.
 */
import { booleanValid, coordAll, kinks, lineString } from '@turf/turf';
import type { LineString, MultiPolygon, Polygon, Position } from 'geojson';
import { areaIndex } from '../area-index.ts';
import { DomainError } from '../errors.ts';
import { checkGeometry, checkPosition, MAX_VERTICES, type Area } from '../geometry.ts';
import type { GapGeometry } from './gap.ts';

function invalid(vi: string, en: string, details?: unknown): DomainError {
  return new DomainError('INVALID_GEOMETRY', { vi, en }, details);
}

function tooMany(vertices: number): DomainError {
  return new DomainError(
    'TOO_MANY_VERTICES',
    {
      vi: `Hình có ${vertices} đỉnh, vượt giới hạn ${MAX_VERTICES}. Hãy đơn giản hoá.`,
      en: `The geometry has ${vertices} vertices, over the limit of ${MAX_VERTICES}. Simplify it.`,
    },
    { vertices, limit: MAX_VERTICES },
  );
}

function checkLine(coordinates: unknown): LineString {
  if (!Array.isArray(coordinates) || coordinates.length < 2) {
    throw invalid(
      'Đường (LineString) cần ít nhất 2 điểm.',
      'A LineString needs at least 2 positions.',
    );
  }
  if (coordinates.length > MAX_VERTICES) throw tooMany(coordinates.length);
  const positions = coordinates.map((p, i) => checkPosition(p, `vertex ${i}`));
  if (positions.every((p) => p[0] === positions[0]![0] && p[1] === positions[0]![1])) {
    throw invalid('Đường có mọi điểm trùng nhau.', 'Every position of the line is the same.', {
      reason: 'no_length',
    });
  }
  const line: LineString = { type: 'LineString', coordinates: positions };
  if (kinks(lineString(positions)).features.length > 0) {
    throw invalid(
      'Đường tự cắt nhau. Hãy vẽ lại để các đoạn không cắt nhau.',
      'The line crosses itself. Redraw it so that no segments cross.',
      { reason: 'self_intersection' },
    );
  }
  return line;
}

function checkMultiPolygon(coordinates: unknown): MultiPolygon {
  if (!Array.isArray(coordinates) || coordinates.length === 0) {
    throw invalid(
      'MultiPolygon cần ít nhất một vùng.',
      'A MultiPolygon needs at least one polygon.',
    );
  }
  const vertices = coordinates.flat(2).filter((p) => Array.isArray(p)).length;
  if (vertices > MAX_VERTICES) throw tooMany(vertices);
  const polygons = coordinates.map(
    (rings) =>
      (checkGeometry({ type: 'Polygon', coordinates: rings }, ['Polygon']) as Polygon).coordinates,
  );
  const multi: MultiPolygon = { type: 'MultiPolygon', coordinates: polygons };
  if (!booleanValid(multi)) {
    throw invalid(
      'Các vùng chồng lên nhau. Gộp chúng thành một vùng hoặc tách rời nhau.',
      'The polygons overlap. Merge them into one or keep them apart.',
      { reason: 'overlap' },
    );
  }
  return multi;
}

/** Parses and checks a gap's geometry; answers it in normal form (altitude dropped). */
export function checkGapGeometry(input: unknown): GapGeometry {
  const type = (input as { type?: unknown } | null)?.type;
  const coordinates = (input as { coordinates?: unknown } | null)?.coordinates;
  if (type === 'LineString') return checkLine(coordinates);
  if (type === 'MultiPolygon') return checkMultiPolygon(coordinates);
  if (type === 'Point' || type === 'Polygon') return checkGeometry(input, ['Point', 'Polygon']);
  throw invalid(
    'Hình học phải là GeoJSON kiểu Point, LineString, Polygon hoặc MultiPolygon.',
    'The geometry must be a GeoJSON Point, LineString, Polygon or MultiPolygon.',
    { allowed: ['Point', 'LineString', 'Polygon', 'MultiPolygon'] },
  );
}

/** Refuses a geometry with any vertex outside the service area. */
export function checkGapInsideArea(geometry: GapGeometry, area: Area, areaName: string): void {
  // The same test as the violations' (geometry.ts), so a place is in or out for both alike.
  const inside = areaIndex(area);
  const outside = coordAll(geometry).find((p) => !inside.contains(p));
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
