/** A kind's filter as SQL over its table (`x`), for the PostgreSQL record repository. */
import {
  narrowing,
  type FilterOp,
  type KindFilter,
  type KindRecord,
  type RecordKind,
} from '../../domain/engine/record-kind.ts';
import { bboxClause } from './bbox.ts';
import { postgisTypes } from './shape.ts';
import { searchTsQuery } from './search.ts';

function clause(op: FilterOp, column: string, p: string): string {
  const c = `x.${column}`;
  switch (op) {
    case 'eq':
      return `${c} = ${p}`;
    case 'in':
      return `${c} = ANY(${p}::text[])`;
    case 'from':
      return `${c} >= ${p}`;
    case 'to':
      return `${c} <= ${p}`;
    case 'missedBy':
      return `${c} IS NOT NULL AND ${c} < ${p}`;
    case 'keptOn':
      return `(${c} IS NULL OR ${c} >= ${p})`;
    case 'has':
      // Containment rather than = ANY: a GIN index on the column answers it.
      return `${c} @> ARRAY[${p}::text]`;
  }
}

/**
 * The filter as a WHERE clause (empty when it narrows nothing); its values are appended to
 * `params` and named by their place there, so the clause can join other parameters.
 */
export function recordWhere<R extends KindRecord, F extends KindFilter>(
  kind: RecordKind<R, F>,
  filter: F,
  params: unknown[],
): string {
  const clauses: string[] = [];
  const $ = (value: unknown) => `$${params.push(value)}`;
  if (filter.archived === undefined) clauses.push('x.archived_at IS NULL');
  if (filter.archived === 'only') clauses.push('x.archived_at IS NOT NULL');
  // A record with no place has a NULL geom, which meets no box: left out, as the filter means.
  if (filter.bbox) clauses.push(bboxClause('x.geom', filter.bbox, $));
  if (filter.shape)
    clauses.push(`GeometryType(x.geom) = ANY(${$(postgisTypes(filter.shape))}::text[])`);
  for (const { column, op, value } of narrowing(kind.filters, filter)) {
    clauses.push(clause(op, column, $(value)));
  }
  const match = filter.q ? searchTsQuery(filter.q) : null;
  if (match) clauses.push(`x.search @@ ${$(match)}::tsquery`);
  return clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
}
