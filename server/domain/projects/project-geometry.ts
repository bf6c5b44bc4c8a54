/**
 * A project's boundary: Polygon or MultiPolygon with the same checks and limits as a violation's,
 * inside the service area; its area and the wards it touches are derived from it, never sent.
 */
import {
  area,
  bbox as turfBbox,
  booleanValid,
  feature,
  featureCollection,
  intersect,
} from '@turf/turf';
import type { BBox, Polygon } from 'geojson';
import { DomainError } from '../errors.ts';
import { checkGeometry, checkInsideArea, MAX_VERTICES, type Area } from '../geometry.ts';
import type { ProjectGeometry } from './project.ts';
import type { WardIndex } from '../wards.ts';

/** A ward shares less than this with the boundary (m²): the two only touch along an edge. */
const MIN_SHARED_M2 = 1;

function vertexCount(polygons: unknown[]): number {
  let n = 0;
  for (const rings of polygons) {
    if (!Array.isArray(rings)) continue;
    for (const ring of rings) n += Array.isArray(ring) ? ring.length : 0;
  }
  return n;
}

/** Parses and checks a project boundary; answers it in normal form (2D, checked rings). */
export function checkProjectGeometry(
  input: unknown,
  serviceArea: Area,
  areaName: string,
): ProjectGeometry {
  const type = (input as { type?: unknown } | null)?.type;
  let geometry: ProjectGeometry;
  if (type === 'MultiPolygon') {
    const polygons = (input as { coordinates?: unknown }).coordinates;
    if (!Array.isArray(polygons) || polygons.length === 0) {
      throw new DomainError('INVALID_GEOMETRY', {
        vi: 'MultiPolygon phải có ít nhất một vùng.',
        en: 'A MultiPolygon needs at least one polygon.',
      });
    }
    // The limit holds for the whole boundary, not for each of its parts.
    const vertices = vertexCount(polygons);
    if (vertices > MAX_VERTICES) {
      throw new DomainError(
        'TOO_MANY_VERTICES',
        {
          vi: `Ranh giới có ${vertices} đỉnh, vượt giới hạn ${MAX_VERTICES}. Hãy đơn giản hoá ranh giới.`,
          en: `The boundary has ${vertices} vertices, over the limit of ${MAX_VERTICES}. Simplify it.`,
        },
        { vertices, limit: MAX_VERTICES },
      );
    }
    const parts = polygons.map((coordinates, i) => {
      try {
        return checkGeometry({ type: 'Polygon', coordinates }, ['Polygon']) as Polygon;
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        throw new DomainError(e.code, e.text, { polygon: i, ...(e.details as object) });
      }
    });
    geometry = { type: 'MultiPolygon', coordinates: parts.map((p) => p.coordinates) };
    // Each part is valid; together they may still overlap or share an edge (OGC forbids both).
    if (!booleanValid(geometry)) {
      throw new DomainError(
        'INVALID_GEOMETRY',
        {
          vi: 'Các vùng của ranh giới chồng lên nhau hoặc chung cạnh. Hãy gộp chúng thành một vùng.',
          en: 'The parts of the boundary overlap or share an edge. Merge them into one polygon.',
        },
        { reason: 'parts_overlap' },
      );
    }
  } else {
    // MultiPolygon is named only so that a wrong type's message offers both.
    geometry = checkGeometry(input, ['Polygon', 'MultiPolygon' as 'Polygon']) as Polygon;
  }
  const parts: Polygon[] =
    geometry.type === 'Polygon'
      ? [geometry]
      : geometry.coordinates.map((coordinates) => ({ type: 'Polygon', coordinates }));
  for (const part of parts) checkInsideArea(part, serviceArea, areaName);
  return geometry;
}

/** Hectares on the ellipsoid, to 2 decimals. */
export function areaHectares(geometry: ProjectGeometry): number {
  return Math.round(area(geometry) / 100) / 100;
}

function boxesOverlap(a: BBox, b: BBox): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

/** Period-keyed codes of the units the boundary shares ground with, sorted. */
export function wardCodesOf(geometry: ProjectGeometry, wards: WardIndex): string[] {
  const box = turfBbox(geometry);
  const codes: string[] = [];
  for (const ward of wards.wards.features) {
    if (!boxesOverlap(box, turfBbox(ward))) continue;
    const shared = intersect(featureCollection([feature(geometry), ward]));
    if (shared && area(shared) >= MIN_SHARED_M2) codes.push(String(ward.id));
  }
  return codes.sort();
}
