/**
 * A page of projects or gaps as they stood at an instant. Their past states are JSON in the
 * version table, so every store filters, orders and pages them here, in memory, the same way:
 * each store only reads the states (`statesAsOf`), in the order their versions were written.
 * A layer of a few hundred records at most; violations, which grow with the years, are paged in
 * each store's SQL (violation-past.ts).
 */
import type { ClearanceProject } from '../domain/projects/project.ts';
import type { Gap } from '../domain/gaps/gap.ts';
import { matchesGapFilter, type GapFilter } from './gap-filter.ts';
import { matchesProjectFilter, type ProjectFilter } from './project-filter.ts';
import type { Page } from './store.ts';

function page<T>(states: T[], filter: { limit: number; offset: number }): Page<T> {
  return { items: states.slice(filter.offset, filter.offset + filter.limit), total: states.length };
}

/**
 * Newest first. The sort is stable and the states come newest version first, so projects created
 * at the same instant keep the order this layer has always listed them in.
 */
export function pastProjects(
  states: ClearanceProject[],
  filter: ProjectFilter,
): Page<ClearanceProject> {
  const matching = [...states]
    .reverse()
    .filter((p) => matchesProjectFilter(p, filter))
    .sort((a, b) => b.properties.created_at.localeCompare(a.properties.created_at));
  return page(matching, filter);
}

/** The most recently changed first, as the live list orders them. */
export function pastGaps(states: Gap[], filter: GapFilter): Page<Gap> {
  const matching = states
    .filter((g) => matchesGapFilter(g, filter))
    .sort(
      (a, b) =>
        b.properties.updated_at.localeCompare(a.properties.updated_at) ||
        b.properties.created_at.localeCompare(a.properties.created_at),
    );
  return page(matching, filter);
}
