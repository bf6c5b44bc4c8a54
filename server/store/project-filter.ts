/** What a list of clearance projects can be narrowed by; the same meaning in every store. */
import { bboxPolygon } from '@turf/bbox-polygon';
import { booleanIntersects } from '@turf/boolean-intersects';
import type { BBox } from 'geojson';
import type { ProjectStage } from '../domain/projects/project-stages.ts';
import type { ClearanceProject } from '../domain/projects/project.ts';
import { projectSearchText } from '../domain/projects/project-search.ts';
import { openDeadline } from '../domain/projects/clearance-deadlines.ts';
import { matchesSearch } from '../domain/text.ts';

export interface ProjectFilter {
  bbox?: BBox;
  stages?: ProjectStage[];
  /** Period-keyed ward code: projects whose boundary shares ground with that unit. */
  ward?: string;
  blocked?: boolean;
  /** Words that must all appear (diacritics and đ ignored). */
  q?: string;
  /** Created at or after this instant (ISO, UTC, as the records keep it): OGC API `datetime`. */
  createdFrom?: string;
  /** Created at or before this instant. */
  createdTo?: string;
  /** Only projects with a deadline missed on this local date (YYYY-MM-DD). */
  overdueOn?: string;
  /** Only projects with no deadline missed on this local date. */
  onTimeOn?: string;
  /** Archived projects are left out unless asked for: `only` them, or `include` them. */
  archived?: 'only' | 'include';
  limit: number;
  offset: number;
}

/** The filter applied to one record in memory (where SQL cannot see the state, as of a date). */
export function matchesProjectFilter(project: ClearanceProject, filter: ProjectFilter): boolean {
  const p = project.properties;
  const archived = p.archived_at != null;
  if (archived ? filter.archived === undefined : filter.archived === 'only') return false;
  if (filter.stages?.length && !filter.stages.includes(p.stage)) return false;
  if (filter.ward && !p.ward_codes.includes(filter.ward)) return false;
  if (filter.blocked !== undefined && p.blocked !== filter.blocked) return false;
  if (filter.createdFrom && p.created_at < filter.createdFrom) return false;
  if (filter.createdTo && p.created_at > filter.createdTo) return false;
  if (filter.overdueOn || filter.onTimeOn) {
    const open = openDeadline(p);
    const missedOn = (day: string) => open !== null && open < day;
    if (filter.overdueOn && !missedOn(filter.overdueOn)) return false;
    if (filter.onTimeOn && missedOn(filter.onTimeOn)) return false;
  }
  if (filter.bbox && !booleanIntersects(bboxPolygon(filter.bbox), project.geometry)) return false;
  if (filter.q && !matchesSearch(projectSearchText(project), filter.q)) return false;
  return true;
}
