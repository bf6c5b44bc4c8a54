/** A gaps filter as SQL: joins, WHERE and parameters, the R*Tree and FTS5 included. */
import type { GapFilter } from '../gap-filter.ts';
import { ftsQuery } from './fts-query.ts';

export function gapWhereClause(filter: GapFilter): {
  joins: string;
  where: string;
  params: unknown[];
} {
  const clauses: string[] = [];
  const params: unknown[] = [];
  let joins = '';
  const add = (sql: string, ...values: unknown[]) => {
    clauses.push(sql);
    params.push(...values);
  };
  if (filter.archived === undefined) clauses.push('g.archived_at IS NULL');
  if (filter.archived === 'only') clauses.push('g.archived_at IS NOT NULL');
  if (filter.bbox) {
    const [minX, minY, maxX, maxY] = filter.bbox;
    // Gaps with no place have no R*Tree row: the join leaves them out, as the filter means.
    joins = `JOIN gaps_rtree r ON r.id = g.rowid
      AND r.max_x >= ? AND r.min_x <= ? AND r.max_y >= ? AND r.min_y <= ?`;
    params.push(minX, maxX, minY, maxY);
    // The R*Tree keeps 32-bit boxes rounded outwards: test exactly what it lets through.
    add('geom_intersects_bbox(g.geometry, ?, ?, ?, ?)', minX, minY, maxX, maxY);
  }
  if (filter.ruleSet) add('g.rule_set = ?', filter.ruleSet);
  if (filter.standards?.length) {
    add(`g.standard IN (${filter.standards.map(() => '?').join(',')})`, ...filter.standards);
  }
  if (filter.statuses?.length) {
    add(`g.status IN (${filter.statuses.map(() => '?').join(',')})`, ...filter.statuses);
  }
  if (filter.ward)
    add('EXISTS (SELECT 1 FROM json_each(g.ward_codes) w WHERE w.value = ?)', filter.ward);
  if (filter.scope) add('g.scope = ?', filter.scope);
  if (filter.updatedFrom) add('g.updated_at >= ?', filter.updatedFrom);
  if (filter.updatedTo) add('g.updated_at <= ?', filter.updatedTo);
  const match = filter.q ? ftsQuery(filter.q) : null;
  if (match) add('g.rowid IN (SELECT rowid FROM gaps_fts WHERE gaps_fts MATCH ?)', match);
  return { joins, where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}
