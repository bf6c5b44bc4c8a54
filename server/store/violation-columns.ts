/**
 * The fields of a violation that both stores keep in columns of their own beside the record, to
 * filter, sort and count on (each store adds the geometry and the record in its own encoding).
 * A column added here is added to both stores' migrations.
 */
import type { Violation } from '../domain/violations/violation.ts';

export function violationColumns(v: Violation) {
  const p = v.properties;
  return {
    id: v.id,
    kind: p.kind,
    status: p.status,
    geom_type: v.geometry.type,
    ward_code: p.ward?.code ?? null,
    observed_at: p.observed_at,
    created_at: p.created_at,
    updated_at: p.updated_at,
    deadline: p.deadline,
    archived_at: p.archived_at,
    version: p.version,
  };
}
