/** A kind's filter as SQL over its table (`x`), for the SQLite record repository. */
import {
  narrowing,
  type FilterOp,
  type KindFilter,
  type KindRecord,
  type RecordKind,
} from '../../domain/engine/record-kind.ts';
import { SHAPE_TYPES } from '../../domain/shapes.ts';
import { ftsQuery } from './fts-query.ts';
import { sqliteValue } from './record-columns.ts';

/** One column's test; `?` is the value (a list's values are spread over as many). */
function clause(op: FilterOp, column: string, value: unknown): [string, unknown[]] {
  const c = `x.${column}`;
  switch (op) {
    case 'eq':
      return [`${c} = ?`, [sqliteValue(value)]];
    case 'in': {
      const values = value as unknown[];
      return [`${c} IN (${values.map(() => '?').join(',')})`, values];
    }
    case 'from':
      return [`${c} >= ?`, [value]];
    case 'to':
      return [`${c} <= ?`, [value]];
    case 'missedBy':
      return [`${c} IS NOT NULL AND ${c} < ?`, [value]];
    case 'keptOn':
      return [`(${c} IS NULL OR ${c} >= ?)`, [value]];
    case 'has':
      return [`EXISTS (SELECT 1 FROM json_each(${c}) w WHERE w.value = ?)`, [value]];
  }
}

/** The filter as SQL: joins, WHERE and parameters, the R*Tree and FTS5 included. */
export function recordWhere<R extends KindRecord, F extends KindFilter>(
  kind: RecordKind<R, F>,
  filter: F,
): { joins: string; where: string; params: unknown[] } {
  const { layer } = kind;
  const clauses: string[] = [];
  const params: unknown[] = [];
  let joins = '';
  const add = (sql: string, values: unknown[]) => {
    clauses.push(sql);
    params.push(...values);
  };
  if (filter.archived === undefined) clauses.push('x.archived_at IS NULL');
  if (filter.archived === 'only') clauses.push('x.archived_at IS NOT NULL');
  if (filter.bbox) {
    const [minX, minY, maxX, maxY] = filter.bbox;
    // A record with no place has no R*Tree row: the join leaves it out, as the filter means.
    joins = `JOIN ${layer}_rtree b ON b.id = x.rowid
      AND b.max_x >= ? AND b.min_x <= ? AND b.max_y >= ? AND b.min_y <= ?`;
    params.push(minX, maxX, minY, maxY);
    // The R*Tree keeps 32-bit boxes rounded outwards: the exact test decides.
    add('geom_intersects_bbox(x.geometry, ?, ?, ?, ?)', [minX, minY, maxX, maxY]);
  }
  if (filter.shape) {
    const types = SHAPE_TYPES[filter.shape];
    add(`json_extract(x.geometry, '$.type') IN (${types.map(() => '?').join(',')})`, [...types]);
  }
  for (const { column, op, value } of narrowing(kind.filters, filter)) {
    add(...clause(op, column, value));
  }
  const match = filter.q ? ftsQuery(filter.q) : null;
  if (match) add(`x.rowid IN (SELECT rowid FROM ${layer}_fts WHERE ${layer}_fts MATCH ?)`, [match]);
  return { joins, where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}
