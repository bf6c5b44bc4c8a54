/**
 * The monthly summary the office lead hands the city: each figure of the month beside the month
 * before's, labelled from the catalogs so the web page and a script read the same words. What stood
 * at a month's end is the ward statistics' count on its last day (so the summary and the statistics
 * page never disagree); what moved in it is monthly-flows.ts.
 */
import { VIOLATION_KINDS, violationKindCatalog } from './violations/violation-kinds.ts';
import { VIOLATION_STATUSES, violationStatusCatalog } from './violations/violation-statuses.ts';
import type { Localized } from './i18n.ts';
import type { MonthFlows } from './violations/monthly-flows.ts';
import type { ViolationStatistics } from './violations/ward-statistics.ts';

/** One figure of the month and of the month before. */
export interface Comparison {
  current: number;
  previous: number;
}

/** A row of a table: a kind, a status or a ward. */
export interface ComparisonRow extends Comparison {
  key: string;
  label: Localized;
}

export interface ViolationSummary {
  /** On the map at the month's end. */
  total: Comparison;
  /** Not closed or dismissed at the month's end. */
  open: Comparison;
  opened: Comparison;
  /** Reached closed or dismissed in the month. */
  closed: Comparison;
  /** Open and past their step's deadline at the month's end (today for the month still running). */
  overdue: Comparison;
  /** Taken off the map (archived) by the month's end; counted in no other stock. */
  archived: Comparison;
  byKind: ComparisonRow[];
  byStatus: ComparisonRow[];
  byWard: ComparisonRow[];
}

/**
 * A further section of the summary (project progress, the criteria scorecard): a title and rows
 * compared like the violations'. Each comes from a `ReportSectionSource` given to the service.
 */
export interface ReportSection {
  /** A stable name: `projects`, `scorecard`. */
  name: string;
  title: Localized;
  rows: ComparisonRow[];
  /** Lines said beside the table (a scorecard's "every minimum met"). */
  notes?: Localized[];
  /** The rows drawn in the section's chart: of one unit, so their bars compare. */
  chart?: string[];
}

export interface MonthlyReport {
  /** YYYY-MM */
  month: string;
  previousMonth: string;
  /** False for the month still running: its figures may still change. */
  final: boolean;
  /** The day stocks and deadlines were judged on (YYYY-MM-DD). */
  asOf: string;
  generatedAt: string;
  violations: ViolationSummary;
  sections: ReportSection[];
}

/** One month's end as the statistics count it, and what moved in the month. */
export interface MonthFigures {
  stock: ViolationStatistics;
  flows: MonthFlows;
}

const compare = (current: number, previous: number): Comparison => ({ current, previous });

const OUTSIDE_WARDS: Localized = {
  vi: 'Ngoài các phường, xã hiện hành',
  en: 'Outside current wards',
};
const NO_WARD = 'none';

/** Every kind and status (zeros too, so months line up), every current ward, then those in none. */
export function violationSummary(now: MonthFigures, before: MonthFigures): ViolationSummary {
  const [a, b] = [now.stock.totals, before.stock.totals];
  const previous = new Map(before.stock.wards.map((w) => [w.code, w.total]));
  const byWard: ComparisonRow[] = now.stock.wards.map((w) => ({
    key: w.code,
    label: { vi: w.name, en: w.name },
    ...compare(w.total, previous.get(w.code) ?? 0),
  }));
  const outside = (s: ViolationStatistics) =>
    s.totals.total - s.wards.reduce((sum, w) => sum + w.total, 0);
  if (outside(now.stock) || outside(before.stock)) {
    byWard.push({
      key: NO_WARD,
      label: OUTSIDE_WARDS,
      ...compare(outside(now.stock), outside(before.stock)),
    });
  }
  return {
    total: compare(a.total, b.total),
    open: compare(a.open, b.open),
    opened: compare(now.flows.opened, before.flows.opened),
    closed: compare(now.flows.closed, before.flows.closed),
    overdue: compare(a.overdue, b.overdue),
    archived: compare(now.flows.archived, before.flows.archived),
    byKind: VIOLATION_KINDS.map((k) => ({
      key: k,
      label: violationKindCatalog[k].label,
      ...compare(a.by_kind[k].total, b.by_kind[k].total),
    })),
    byStatus: VIOLATION_STATUSES.map((s) => ({
      key: s,
      label: violationStatusCatalog[s].label,
      ...compare(a.by_status[s], b.by_status[s]),
    })),
    byWard,
  };
}
