/**
 * Stage moves, one step forward, through the record engine with the project workflow; and the
 * record with its clocks judged on a day.
 */
import { projectWorkflow } from './project-stages.ts';
import { checkMove } from '../engine/workflow.ts';
import { checkStageDates } from './project-checks.ts';
import { nextDeadline, projectDeadlines } from './clearance-deadlines.ts';
import type { ClearanceProject, Households, ProjectFeature, ProjectStageMove } from './project.ts';

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
  checkMove(projectWorkflow, p.stage, input.to);
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
