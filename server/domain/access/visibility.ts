/**
 * What each reader sees of a record. Anonymous visitors get the public view (no people, no internal
 * notes); signed-in staff see everything but the violator unless their role needs the identity.
 */
import type { Violation, ViolationFeature } from '../violations/violation.ts';
import type { Permission } from './permissions.ts';

/** The same shape as the full record, so every client reads both; the private parts are empty. */
function publicView<T extends Violation>(v: T): T {
  const p = v.properties;
  return {
    ...v,
    properties: {
      ...p,
      steps: p.steps.map((s) => ({ ...s, actor: null, note: null, details: {} })),
      created_by: null,
      original_description: null,
      violator: null,
      notes: [],
      // Evidence photos show people and number plates: staff only.
      photos: [],
    },
  };
}

function withoutViolator<T extends Violation>(v: T): T {
  return v.properties.violator ? { ...v, properties: { ...v.properties, violator: null } } : v;
}

/** A record as a reader with these permissions may see it. */
export function violationFor<T extends Violation | ViolationFeature>(
  v: T,
  permissions: ReadonlySet<Permission>,
): T {
  if (!permissions.has('records:read')) return publicView(v);
  if (!permissions.has('violators:read')) return withoutViolator(v);
  return v;
}
