/** A violations filter as SQL: joins, WHERE and parameters, the R*Tree and FTS5 included. */
import type { BBox } from 'geojson';
import { SHAPE_TYPES } from '../../domain/shapes.ts';
import { periodBounds, type ViolationFilter } from '../filter.ts';
import { ftsQuery } from './fts-query.ts';

/**
 * A bbox as SQL on the box of a record `v`, read from its R*Tree row `r` (or, with `on` 'v', from
 * its own row's box columns): a record whose box overlaps the asked one is a candidate, one whose
 * box lies inside it is in it, and one across its edge is tested exactly, on its stored geometry.
 * The R*Tree keeps 32-bit boxes rounded outwards, so its "inside" is inside too.
 */
export function boxTerms([minX, minY, maxX, maxY]: BBox, on: 'r' | 'v' = 'r') {
  return {
    overlaps: `${on}.max_x >= ? AND ${on}.min_x <= ? AND ${on}.max_y >= ? AND ${on}.min_y <= ?`,
    overlapsParams: [minX, maxX, minY, maxY],
    inside: `${on}.min_x >= ? AND ${on}.max_x <= ? AND ${on}.min_y >= ? AND ${on}.max_y <= ?`,
    insideParams: [minX, maxX, minY, maxY],
    exact: `CASE v.geom_type WHEN 'Point' THEN
      json_extract(v.geometry, '$.coordinates[0]') BETWEEN ? AND ?
      AND json_extract(v.geometry, '$.coordinates[1]') BETWEEN ? AND ?
      ELSE geom_intersects_bbox(v.geometry, ?, ?, ?, ?) END`,
    exactParams: [minX, maxX, minY, maxY, minX, minY, maxX, maxY],
  };
}

export function whereClause(filter: ViolationFilter): {
  joins: string;
  where: string;
  params: unknown[];
} {
  const clauses: string[] = [];
  const params: unknown[] = [];
  let joins = '';
  if (filter.archived === undefined) clauses.push('v.archived_at IS NULL');
  if (filter.archived === 'only') clauses.push('v.archived_at IS NOT NULL');
  if (filter.bbox) {
    const box = boxTerms(filter.bbox);
    joins = `JOIN violations_rtree r ON r.id = v.rowid AND ${box.overlaps}`;
    params.push(...box.overlapsParams);
    // A record whose box lies inside the asked one is in it (most of them, read from the R*Tree
    // row at hand); only those across its edge are tested exactly, on their stored geometry.
    clauses.push(`(${box.inside} OR ${box.exact})`);
    params.push(...box.insideParams, ...box.exactParams);
  }
  if (filter.shape) {
    const types = SHAPE_TYPES[filter.shape];
    clauses.push(`v.geom_type IN (${types.map(() => '?').join(',')})`);
    params.push(...types);
  }
  if (filter.kinds?.length) {
    clauses.push(`v.kind IN (${filter.kinds.map(() => '?').join(',')})`);
    params.push(...filter.kinds);
  }
  if (filter.statuses?.length) {
    clauses.push(`v.status IN (${filter.statuses.map(() => '?').join(',')})`);
    params.push(...filter.statuses);
  }
  if (filter.ward) {
    clauses.push('v.ward_code = ?');
    params.push(filter.ward);
  }
  const { since, until } = periodBounds(filter);
  if (since) {
    clauses.push('v.observed_at >= ?');
    params.push(since);
  }
  if (until) {
    clauses.push('v.observed_at < ?');
    params.push(until);
  }
  if (filter.observedFrom) {
    clauses.push('v.observed_at >= ?');
    params.push(filter.observedFrom);
  }
  if (filter.observedTo) {
    clauses.push('v.observed_at <= ?');
    params.push(filter.observedTo);
  }
  if (filter.onTimeOn) {
    clauses.push('(v.deadline IS NULL OR v.deadline >= ?)');
    params.push(filter.onTimeOn);
  }
  if (filter.overdueOn) {
    clauses.push('v.deadline IS NOT NULL AND v.deadline < ?');
    params.push(filter.overdueOn);
  }
  const match = filter.q ? ftsQuery(filter.q) : null;
  if (match) {
    clauses.push('v.rowid IN (SELECT rowid FROM violations_fts WHERE violations_fts MATCH ?)');
    params.push(match);
  }
  return { joins, where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}
