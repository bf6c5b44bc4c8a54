/** A gaps filter as SQL over `gaps g`, for the PostgreSQL repository. */
import type { GapFilter } from '../gap-filter.ts';
import { bboxClause } from './bbox.ts';
import { searchTsQuery } from './search.ts';

/**
 * The filter as a WHERE clause (empty when it narrows nothing); its values are appended to
 * `params` and named by their place there, so the clause can join other parameters.
 */
export function gapWhere(filter: GapFilter, params: unknown[]): string {
  const clauses: string[] = [];
  const $ = (value: unknown) => `$${params.push(value)}`;
  if (filter.archived === undefined) clauses.push('g.archived_at IS NULL');
  if (filter.archived === 'only') clauses.push('g.archived_at IS NOT NULL');
  if (filter.bbox) {
    // A gap with no place has a NULL geom, which meets no box: left out, as the filter means.
    clauses.push(bboxClause('g.geom', filter.bbox, $));
  }
  if (filter.ruleSet) clauses.push(`g.rule_set = ${$(filter.ruleSet)}`);
  if (filter.standards?.length) clauses.push(`g.standard = ANY(${$(filter.standards)}::text[])`);
  if (filter.statuses?.length) clauses.push(`g.status = ANY(${$(filter.statuses)}::text[])`);
  if (filter.ward) clauses.push(`g.ward_codes @> ARRAY[${$(filter.ward)}::text]`);
  if (filter.scope) clauses.push(`g.scope = ${$(filter.scope)}`);
  if (filter.updatedFrom) clauses.push(`g.updated_at >= ${$(filter.updatedFrom)}`);
  if (filter.updatedTo) clauses.push(`g.updated_at <= ${$(filter.updatedTo)}`);
  const match = filter.q ? searchTsQuery(filter.q) : null;
  if (match) clauses.push(`g.search @@ ${$(match)}::tsquery`);
  return clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
}
