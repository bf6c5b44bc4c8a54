/** What a list of clearance projects can be narrowed by; the same meaning in every store. */
import type { KindFilter } from '../engine/record-kind.ts';
import type { ProjectStage } from './project-stages.ts';

export interface ProjectFilter extends KindFilter {
  stages?: ProjectStage[];
  blocked?: boolean;
  /** Created at or after this instant (ISO, UTC, as the records keep it): OGC API `datetime`. */
  createdFrom?: string;
  /** Created at or before this instant. */
  createdTo?: string;
  /** Only projects with a deadline missed on this local date (YYYY-MM-DD). */
  overdueOn?: string;
  /** Only projects with no deadline missed on this local date. */
  onTimeOn?: string;
}
