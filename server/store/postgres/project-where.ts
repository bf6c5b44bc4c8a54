/** A projects filter as SQL over `projects p`, for the PostgreSQL repository. */
import type { ProjectFilter } from '../project-filter.ts';
import { bboxClause } from './bbox.ts';
import { searchTsQuery } from './search.ts';

/**
 * The filter as a WHERE clause (empty when it narrows nothing); its values are appended to
 * `params` and named by their place there, so the clause can join other parameters.
 */
export function projectWhere(filter: ProjectFilter, params: unknown[]): string {
  const clauses: string[] = [];
  const $ = (value: unknown) => `$${params.push(value)}`;
  if (filter.archived === undefined) clauses.push('p.archived_at IS NULL');
  if (filter.archived === 'only') clauses.push('p.archived_at IS NOT NULL');
  if (filter.bbox) clauses.push(bboxClause('p.geom', filter.bbox, $));
  if (filter.stages?.length) clauses.push(`p.stage = ANY(${$(filter.stages)}::text[])`);
  // Containment rather than = ANY: the GIN index on ward_codes answers it.
  if (filter.ward) clauses.push(`p.ward_codes @> ARRAY[${$(filter.ward)}::text]`);
  if (filter.blocked !== undefined) clauses.push(`p.blocked = ${$(filter.blocked)}`);
  if (filter.createdFrom) clauses.push(`p.created_at >= ${$(filter.createdFrom)}`);
  if (filter.createdTo) clauses.push(`p.created_at <= ${$(filter.createdTo)}`);
  if (filter.overdueOn) {
    clauses.push(`p.open_deadline IS NOT NULL AND p.open_deadline < ${$(filter.overdueOn)}`);
  }
  if (filter.onTimeOn) {
    clauses.push(`(p.open_deadline IS NULL OR p.open_deadline >= ${$(filter.onTimeOn)})`);
  }
  const match = filter.q ? searchTsQuery(filter.q) : null;
  if (match) clauses.push(`p.search @@ ${$(match)}::tsquery`);
  return clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
}
