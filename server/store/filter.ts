/** What a list of violations can be narrowed by; the same meaning in every store. */
import { bboxPolygon } from '@turf/bbox-polygon';
import { booleanIntersects } from '@turf/boolean-intersects';
import type { BBox } from 'geojson';
import type { ViolationKind } from '../domain/violations/violation-kinds.ts';
import type { ViolationStatus } from '../domain/violations/violation-statuses.ts';
import { endOfLocalDay } from '../domain/dates.ts';
import { matchesSearch } from '../domain/text.ts';
import { searchableText } from '../domain/violations/violation-search.ts';
import type { Violation } from '../domain/violations/violation.ts';
import { shapeOf, type Shape } from '../domain/shapes.ts';

export interface ViolationFilter {
  bbox?: BBox;
  kinds?: ViolationKind[];
  statuses?: ViolationStatus[];
  /** Period-keyed ward code, e.g. "2025-01840". */
  ward?: string;
  /** Observed on or after this local date (YYYY-MM-DD). */
  from?: string;
  /** Observed on or before this local date. */
  to?: string;
  /** Observed at or after this instant (ISO, UTC, as the records keep it): OGC API `datetime`. */
  observedFrom?: string;
  /** Observed at or before this instant. */
  observedTo?: string;
  /** Words that must all appear (diacritics and đ ignored). */
  q?: string;
  /** Only cases whose deadline has passed on this local date. */
  overdueOn?: string;
  /** Only cases whose deadline has not passed on this local date (or that have none). */
  onTimeOn?: string;
  /** Archived records are left out unless asked for: `only` them, or `include` them. */
  archived?: 'only' | 'include';
  /** Only records of this shape (points or areas): a GIS layer of one geometry type. */
  shape?: Shape;
  limit: number;
  offset: number;
}

/** The filter's instant bounds of the observation period. */
export function periodBounds(filter: ViolationFilter): { since?: string; until?: string } {
  return {
    since: filter.from ? endOfLocalDay(previousDay(filter.from)) : undefined,
    until: filter.to ? endOfLocalDay(filter.to) : undefined,
  };
}

function previousDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

/** The filter applied to one record in memory (used where SQL cannot see the state, as of a date). */
export function matchesFilter(v: Violation, filter: ViolationFilter): boolean {
  const p = v.properties;
  const archived = p.archived_at != null;
  if (archived ? filter.archived === undefined : filter.archived === 'only') return false;
  if (filter.kinds?.length && !filter.kinds.includes(p.kind)) return false;
  if (filter.statuses?.length && !filter.statuses.includes(p.status)) return false;
  if (filter.ward && p.ward?.code !== filter.ward) return false;
  const { since, until } = periodBounds(filter);
  if (since && p.observed_at < since) return false;
  if (until && p.observed_at >= until) return false;
  if (filter.observedFrom && p.observed_at < filter.observedFrom) return false;
  if (filter.observedTo && p.observed_at > filter.observedTo) return false;
  if (filter.overdueOn && !(p.deadline !== null && p.deadline < filter.overdueOn)) return false;
  if (filter.onTimeOn && p.deadline !== null && p.deadline < filter.onTimeOn) return false;
  if (filter.shape && shapeOf(v.geometry) !== filter.shape) return false;
  if (filter.bbox && !booleanIntersects(bboxPolygon(filter.bbox), v.geometry)) return false;
  if (filter.q && !matchesSearch(searchableText(v), filter.q)) return false;
  return true;
}
