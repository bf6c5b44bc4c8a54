/** A violation as a reader sees it: the record with its clocks, then what their permissions allow. */
import { permissionsOf, type Principal } from '../domain/access/permissions.ts';
import { violationFor } from '../domain/access/visibility.ts';
import {
  isOverdue,
  type Violation,
  type ViolationFeature,
} from '../domain/violations/violation.ts';
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

/**
 * The text `JSON.stringify(toViolationFeature(v, today))` gives, put together from the stored
 * texts (which JSON.stringify wrote, so they read back to themselves): `overdue` goes last in the
 * properties. Null when the stored properties hold an `overdue` key of their own (which the
 * spread would overwrite where it stands) or are empty: then the record is parsed.
 */
export function featureJson(row: ViolationJson, today: string): string | null {
  const { properties } = row;
  if (properties.length < 3 || properties.includes('"overdue":')) return null;
  const overdue = isOverdue(row.deadline, today);
  return `{"type":"Feature","id":${JSON.stringify(row.id)},"geometry":${row.geometry},"properties":${properties.slice(0, -1)},"overdue":${overdue}}}`;
}

/** What a reader sees: the record, then only the parts their permissions allow. */
export function viewFor(actor: Principal | null) {
  const permissions = permissionsOf(actor);
  return (v: ViolationFeature) => violationFor(v, permissions);
}
