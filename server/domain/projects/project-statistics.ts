/**
 * Land-clearance projects counted by ward: stages, household progress, blocked and overdue. Pure,
 * so the current projects and those as of a past date add up the same way.
 */
import { PROJECT_STAGES, type ProjectStage } from './project-stages.ts';
import type { Households, ProjectProps } from './project.ts';

/** What the tally needs of a project, and whether a deadline of it was missed on the day judged. */
export type ProjectFacts = Pick<ProjectProps, 'ward_codes' | 'stage' | 'households' | 'blocked'> & {
  overdue: boolean;
};

export interface ProjectTally {
  total: number;
  by_stage: Record<ProjectStage, number>;
  /** The households of the projects, added up. */
  households: Households;
  /** Projects held up by obstacles (vướng mắc). */
  blocked: number;
  /** Projects with a legal deadline missed. */
  overdue: number;
}

export interface ProjectStatistics {
  /** A project across two wards counts in both, with all its households in each. */
  wards: (ProjectTally & { code: string })[];
  /** Each project once. */
  totals: ProjectTally;
}

function emptyTally(): ProjectTally {
  return {
    total: 0,
    by_stage: Object.fromEntries(PROJECT_STAGES.map((s) => [s, 0])) as Record<ProjectStage, number>,
    households: { total: 0, counted: 0, agreed: 0, paid: 0, handed_over: 0 },
    blocked: 0,
    overdue: 0,
  };
}

function add(tally: ProjectTally, p: ProjectFacts): void {
  tally.total += 1;
  tally.by_stage[p.stage] += 1;
  for (const key of Object.keys(tally.households) as (keyof Households)[]) {
    tally.households[key] += p.households[key];
  }
  if (p.blocked) tally.blocked += 1;
  if (p.overdue) tally.overdue += 1;
}

/** Adds the projects up per ward (in the order of `wardCodes`, every ward listed) and in all. */
export function tallyProjects(
  projects: Iterable<ProjectFacts>,
  wardCodes: readonly string[],
): ProjectStatistics {
  const rows = new Map(wardCodes.map((code) => [code, emptyTally()]));
  const totals = emptyTally();
  for (const p of projects) {
    add(totals, p);
    for (const code of new Set(p.ward_codes)) {
      const row = rows.get(code);
      if (row) add(row, p);
    }
  }
  return { wards: wardCodes.map((code) => ({ code, ...rows.get(code)! })), totals };
}
