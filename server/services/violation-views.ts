/** A violation as a reader sees it: the record with its clocks, then what their permissions allow. */
import { permissionsOf, type Principal } from '../domain/access/permissions.ts';
import { violationFor } from '../domain/access/visibility.ts';
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

/** What a reader sees: the record, then only the parts their permissions allow. */
export function viewFor(actor: Principal | null) {
  const permissions = permissionsOf(actor);
  return (v: ViolationFeature) => violationFor(v, permissions);
}
