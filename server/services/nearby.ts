/**
 * Open violations of one kind near a pin: what an inspector sees before creating a report, so the
 * same stall is not reported three times; they can add a note and photos to it instead.
 */
import { distance, point, pointToPolygonDistance } from '@turf/turf';
import type { Position } from 'geojson';
import type { ViolationKind } from '../domain/violations/violation-kinds.ts';
import { violationWorkflow } from '../domain/violations/violation-statuses.ts';
import { statesOfKind } from '../domain/engine/workflow.ts';
import type { Violation } from '../domain/violations/violation.ts';
import type { Store } from '../store/store.ts';

const OPEN = statesOfKind(violationWorkflow, 'open');
const METRES_PER_DEGREE = 111_320;
/** More than a pin's neighbourhood ever holds; the nearest come first. */
const MAX_NEARBY = 20;

/** Metres from a position to a record: 0 inside a polygon, to its edge outside. */
export function metresTo(at: Position, v: Violation): number {
  const here = point(at);
  if (v.geometry.type === 'Point') return distance(here, v.geometry, { units: 'meters' });
  return Math.max(0, pointToPolygonDistance(here, v.geometry, { units: 'meters' }));
}

export async function findNearby(
  store: Store,
  at: [number, number],
  kind: ViolationKind,
  radiusMetres: number,
): Promise<{ violation: Violation; metres: number }[]> {
  const [lon, lat] = at;
  // A box a little larger than the circle; the exact distance decides.
  const dLat = (radiusMetres / METRES_PER_DEGREE) * 1.01;
  const dLon = dLat / Math.cos((lat * Math.PI) / 180);
  const candidates = await store.violations.list({
    bbox: [lon - dLon, lat - dLat, lon + dLon, lat + dLat],
    kinds: [kind],
    statuses: OPEN,
    limit: 500,
    offset: 0,
  });
  return candidates.items
    .map((violation) => ({ violation, metres: metresTo(at, violation) }))
    .filter((c) => c.metres <= radiusMetres)
    .sort((a, b) => a.metres - b.metres)
    .slice(0, MAX_NEARBY);
}
