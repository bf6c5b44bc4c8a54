/**
 * The rows of the ward statistics tables, built from the API's answer: one column per ward and a
 * total column. Pure, so what each row adds up is tested without a browser.
 */
import {
  VIOLATION_KINDS,
  violationKindCatalog,
} from '../../../../server/domain/violations/violation-kinds.ts';
import {
  VIOLATION_STATUSES,
  violationStatusCatalog,
} from '../../../../server/domain/violations/violation-statuses.ts';
import {
  PROJECT_STAGES,
  projectStageCatalog,
} from '../../../../server/domain/projects/project-stages.ts';
import type { Localized } from '../../../../server/domain/i18n.ts';
import type { ProjectTally } from '../../../../server/domain/projects/project-statistics.ts';
import type { Tally } from '../../../../server/domain/violations/ward-statistics.ts';
import type { WardStatistics } from '../../../../server/services/statistics.ts';

/** A row: a section title, a figure, or a figure under the one before it (a kind's statuses). */
export interface StatsRow {
  /** Stable name, for tests and Svelte's keyed each: `total`, `status:reported`, `kind:other`… */
  key: string;
  level: 'section' | 'head' | 'row' | 'sub';
  /** A message key, or a catalog label. */
  label: string | Localized;
  /** One value per ward, in the answer's order, then the total; none for a section. */
  values: (number | null)[];
  /** A kind's colour, shown as a dot. */
  color?: string;
  /** Overdue counts stand out. */
  alert?: boolean;
}

/** Each ward's tally, then the totals: the columns, left to right. */
function columns<T>(wards: T[], totals: T): T[] {
  return [...wards, totals];
}

const section = (key: string, label: string): StatsRow => ({
  key,
  level: 'section',
  label,
  values: [],
});

/** Violations: the headline figures, by status, then by kind with each kind's statuses. */
export function violationRows(stats: WardStatistics): StatsRow[] {
  const v = stats.violations;
  const cols: (Tally & { per_1000: { total: number | null }; population: number | null })[] =
    columns(v.wards, v.totals);
  const byKind = columns(
    v.wards.map((w) => w.by_kind),
    v.totals.by_kind,
  );
  const rows: StatsRow[] = [
    { key: 'total', level: 'head', label: 'stats.total', values: cols.map((c) => c.total) },
    { key: 'open', level: 'row', label: 'stats.openCount', values: cols.map((c) => c.open) },
    {
      key: 'overdue',
      level: 'row',
      label: 'stats.overdue',
      values: cols.map((c) => c.overdue),
      alert: true,
    },
    {
      key: 'per_1000',
      level: 'row',
      label: 'stats.per1000',
      values: cols.map((c) => c.per_1000.total),
    },
    {
      key: 'population',
      level: 'row',
      label: 'stats.population',
      values: cols.map((c) => c.population),
    },
    section('by-status', 'stats.byStatus'),
    ...VIOLATION_STATUSES.map((s): StatsRow => ({
      key: `status:${s}`,
      level: 'row',
      label: violationStatusCatalog[s].label,
      values: cols.map((c) => c.by_status[s]),
    })),
    section('by-kind', 'stats.byKind'),
  ];
  // Only the kinds and statuses that hold a case: six kinds by eight statuses would bury them.
  for (const kind of VIOLATION_KINDS.filter((k) => v.totals.by_kind[k].total > 0)) {
    rows.push({
      key: `kind:${kind}`,
      level: 'head',
      label: violationKindCatalog[kind].label,
      values: byKind.map((k) => k[kind].total),
      color: violationKindCatalog[kind].color,
    });
    for (const status of VIOLATION_STATUSES.filter((s) => v.totals.by_kind[kind].by_status[s])) {
      rows.push({
        key: `kind:${kind}:${status}`,
        level: 'sub',
        label: violationStatusCatalog[status].label,
        values: byKind.map((k) => k[kind].by_status[status]),
      });
    }
  }
  return rows;
}

const HOUSEHOLDS = ['total', 'counted', 'agreed', 'paid', 'handed_over'] as const;

/** Projects: how many, blocked, overdue, by stage (those that hold one), households. */
export function projectRows(stats: WardStatistics): StatsRow[] {
  const cols: ProjectTally[] = columns(stats.projects.wards, stats.projects.totals);
  const totals = stats.projects.totals;
  return [
    {
      key: 'projects',
      level: 'head',
      label: 'stats.projectsTotal',
      values: cols.map((c) => c.total),
    },
    {
      key: 'blocked',
      level: 'row',
      label: 'stats.blocked',
      values: cols.map((c) => c.blocked),
      alert: true,
    },
    {
      key: 'projects-overdue',
      level: 'row',
      label: 'stats.projectsOverdue',
      values: cols.map((c) => c.overdue),
      alert: true,
    },
    ...HOUSEHOLDS.map((h): StatsRow => ({
      key: `households:${h}`,
      level: 'row',
      label: `stats.hh.${h}`,
      values: cols.map((c) => c.households[h]),
    })),
    section('by-stage', 'stats.byStage'),
    ...PROJECT_STAGES.filter((s) => totals.by_stage[s] > 0).map((s): StatsRow => ({
      key: `stage:${s}`,
      level: 'row',
      label: projectStageCatalog[s].label,
      values: cols.map((c) => c.by_stage[s]),
      color: projectStageCatalog[s].color,
    })),
  ];
}
