/**
 * Stage moves, one step forward: the only gate for them (the server refuses with it, the web app
 * offers the button it allows), and the record with its clocks judged on a day.
 */
import { nextStage, projectStageCatalog, type ProjectStage } from './catalog/project-stages.ts';
import { DomainError } from './errors.ts';
import { checkStageDates } from './project-checks.ts';
import { nextDeadline, projectDeadlines } from './rules/clearance-deadlines.ts';
import type { ClearanceProject, Households, ProjectFeature, ProjectStageMove } from './project.ts';

const label = (s: ProjectStage) => projectStageCatalog[s].label;

export const NO_HOUSEHOLDS: Households = {
  total: 0,
  counted: 0,
  agreed: 0,
  paid: 0,
  handed_over: 0,
};

/** The project one stage further on; refuses a skip, a step back, or a date out of order. */
export function moveStage(
  project: ClearanceProject,
  input: ProjectStageMove,
  at: { now: string; today: string },
): ClearanceProject {
  const p = project.properties;
  const allowed = nextStage(p.stage);
  if (input.to !== allowed) {
    throw new DomainError(
      'ILLEGAL_TRANSITION',
      {
        vi: `Không thể chuyển từ "${label(p.stage).vi}" sang "${label(input.to).vi}". ${
          allowed ? `Bước tiếp theo: ${label(allowed).vi}.` : 'Dự án đã bàn giao mặt bằng.'
        }`,
        en: `Cannot move from "${label(p.stage).en}" to "${label(input.to).en}". ${
          allowed ? `Next: ${label(allowed).en}.` : 'The site is handed over.'
        }`,
      },
      { from: p.stage, to: input.to, allowed: allowed ? [allowed] : [] },
    );
  }
  const stage_dates = { ...p.stage_dates, [input.to]: input.date ?? at.today };
  checkStageDates(input.to, stage_dates, at.today);
  return {
    ...project,
    properties: { ...p, stage: input.to, stage_dates, updated_at: at.now, version: p.version + 1 },
  };
}

/** The record with its clocks judged on `today`. */
export function toProjectFeature(project: ClearanceProject, today: string): ProjectFeature {
  const deadlines = projectDeadlines(project.properties, today);
  return {
    ...project,
    properties: {
      ...project.properties,
      deadlines,
      next_deadline: nextDeadline(deadlines),
      overdue: deadlines.some((d) => d.overdue),
    },
  };
}
