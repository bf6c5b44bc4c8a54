/** A projects filter as SQL over `projects p`, for the SQLite repository. */
import type { ProjectFilter } from '../project-filter.ts';
import { ftsQuery } from './fts-query.ts';

/** A projects filter as SQL: joins, WHERE and parameters, the R*Tree, wards and FTS5 included. */
export function projectWhere(filter: ProjectFilter): {
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
  if (filter.archived === undefined) add('p.archived_at IS NULL');
  if (filter.archived === 'only') add('p.archived_at IS NOT NULL');
  if (filter.bbox) {
    const [minX, minY, maxX, maxY] = filter.bbox;
    joins = `JOIN projects_rtree r ON r.id = p.rowid
      AND r.max_x >= ? AND r.min_x <= ? AND r.max_y >= ? AND r.min_y <= ?`;
    params.push(minX, maxX, minY, maxY);
    // The R*Tree's boxes are rounded outwards: the exact test decides.
    add('geom_intersects_bbox(p.geometry, ?, ?, ?, ?)', minX, minY, maxX, maxY);
  }
  if (filter.stages?.length) {
    add(`p.stage IN (${filter.stages.map(() => '?').join(',')})`, ...filter.stages);
  }
  if (filter.ward) {
    add('p.rowid IN (SELECT project FROM project_wards WHERE ward_code = ?)', filter.ward);
  }
  if (filter.blocked !== undefined) add('p.blocked = ?', filter.blocked ? 1 : 0);
  if (filter.createdFrom) add('p.created_at >= ?', filter.createdFrom);
  if (filter.createdTo) add('p.created_at <= ?', filter.createdTo);
  if (filter.overdueOn)
    add('p.open_deadline IS NOT NULL AND p.open_deadline < ?', filter.overdueOn);
  if (filter.onTimeOn) add('(p.open_deadline IS NULL OR p.open_deadline >= ?)', filter.onTimeOn);
  const match = filter.q ? ftsQuery(filter.q) : null;
  if (match) add('p.rowid IN (SELECT rowid FROM projects_fts WHERE projects_fts MATCH ?)', match);
  return { joins, where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}
