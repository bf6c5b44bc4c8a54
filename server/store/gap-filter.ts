/** What a list of gaps can be narrowed by; the same meaning in every store. */
import { bboxPolygon } from '@turf/bbox-polygon';
import { booleanIntersects } from '@turf/boolean-intersects';
import type { BBox } from 'geojson';
import type { GapStatus } from '../domain/gaps/gap-statuses.ts';
import { gapSearchableText } from '../domain/gaps/gap-search.ts';
import type { Gap } from '../domain/gaps/gap.ts';
import { matchesSearch } from '../domain/text.ts';

export interface GapFilter {
  /** Gaps whose place meets the box; gaps with no place are left out. */
  bbox?: BBox;
  ruleSet?: string;
  standards?: string[];
  statuses?: GapStatus[];
  /** Gaps lying in this ward (period-keyed code), wholly or partly. */
  ward?: string;
  /** Gaps recorded for this scope ('urban' or a ward code). */
  scope?: string;
  /** Words that must all appear (diacritics and đ ignored). */
  q?: string;
  /** Last changed at or after this instant (ISO, UTC): OGC API `datetime`. */
  updatedFrom?: string;
  /** Last changed at or before this instant. */
  updatedTo?: string;
  /** Archived gaps are left out unless asked for: `only` them, or `include` them. */
  archived?: 'only' | 'include';
  limit: number;
  offset: number;
}

/** The filter applied to one gap in memory (used where SQL cannot see the state, as of a date). */
export function matchesGapFilter(g: Gap, filter: GapFilter): boolean {
  const p = g.properties;
  const archived = p.archived_at != null;
  if (archived ? filter.archived === undefined : filter.archived === 'only') return false;
  if (filter.ruleSet && p.rule_set !== filter.ruleSet) return false;
  if (filter.standards?.length && !filter.standards.includes(p.standard)) return false;
  if (filter.statuses?.length && !filter.statuses.includes(p.status)) return false;
  if (filter.ward && !p.ward_codes.includes(filter.ward)) return false;
  if (filter.scope && p.scope !== filter.scope) return false;
  if (filter.bbox && (!g.geometry || !booleanIntersects(bboxPolygon(filter.bbox), g.geometry))) {
    return false;
  }
  if (filter.updatedFrom && p.updated_at < filter.updatedFrom) return false;
  if (filter.updatedTo && p.updated_at > filter.updatedTo) return false;
  if (filter.q && !matchesSearch(gapSearchableText(g), filter.q)) return false;
  return true;
}
