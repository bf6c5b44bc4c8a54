/**
 * A violation read from the JSON texts its store keeps, and a feature with its geometry apart (as
 * the OGC API writes it). What a reader may see of it is the record engine's `view`.
 */
import type { Violation, ViolationFeature } from '../domain/violations/violation.ts';
import type { ViolationJson } from '../store/store.ts';

/** A feature as its reader sees it, with its geometry apart as the JSON text the store holds. */
export interface FeatureGeometryJson {
  feature: Omit<ViolationFeature, 'geometry'> & { geometry: null };
  geometryJson: string;
}

export function fromJson(row: ViolationJson): Violation {
  const { id, geometry, properties } = row;
  return {
    type: 'Feature',
    id,
    geometry: JSON.parse(geometry),
    properties: JSON.parse(properties),
  };
}
