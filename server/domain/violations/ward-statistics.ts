/**
 * Counting violations by ward × kind × status: pure functions, so the live counts (a SQL GROUP BY)
 * and the counts as of a past date (records replayed from the version history) add up the same way,
 * and the monthly summary can reuse them.
 */
import { VIOLATION_KINDS, type ViolationKind } from './violation-kinds.ts';
import {
  VIOLATION_STATUSES,
  violationStatusCatalog,
  type ViolationStatus,
} from './violation-statuses.ts';
import { isOverdue } from './violation.ts';

/** Violations that share a ward, kind, status and deadline, and how many there are. */
export interface ViolationGroup {
  /** Period-keyed ward code ("2025-01843"), or null for a record no ward holds. */
  ward: string | null;
  kind: ViolationKind;
  status: ViolationStatus;
  deadline: string | null;
  count: number;
}

/** The counts of one set of violations. */
export interface Tally {
  total: number;
  /** Cases not yet closed or dismissed: the office may still have work on them. */
  open: number;
  /** Open cases whose deadline had passed on the day judged. */
  overdue: number;
  by_status: Record<ViolationStatus, number>;
}

/** A 2025 unit as the statistics name it. */
export interface WardInfo {
  code: string;
  name: string;
  short_name: string;
  /** Residents, from the reference layer; null when it does not say. */
  population: number | null;
}

/** Counts per 1,000 residents, to compare wards of different sizes. */
export interface Rates {
  total: number | null;
  open: number | null;
  overdue: number | null;
}

export interface WardTally extends WardInfo, Tally {
  per_1000: Rates;
  by_kind: Record<ViolationKind, Tally>;
}

export interface ViolationStatistics {
  /** The local day overdue is judged on: the end of the `asOf` day, or today. */
  judged_on: string;
  wards: WardTally[];
  /** Every counted violation, those outside every ward included. */
  totals: Tally & {
    population: number | null;
    per_1000: Rates;
    by_kind: Record<ViolationKind, Tally>;
  };
}

/** Whether a case still counts as open: every status but the closing ones (closed, dismissed). */
export function isOpenStatus(status: ViolationStatus): boolean {
  return violationStatusCatalog[status].kind !== 'closed';
}

export function emptyTally(): Tally {
  const by_status = Object.fromEntries(VIOLATION_STATUSES.map((s) => [s, 0]));
  return { total: 0, open: 0, overdue: 0, by_status: by_status as Tally['by_status'] };
}

function emptyByKind(): Record<ViolationKind, Tally> {
  return Object.fromEntries(VIOLATION_KINDS.map((k) => [k, emptyTally()])) as Record<
    ViolationKind,
    Tally
  >;
}

function add(tally: Tally, group: ViolationGroup, overdue: boolean): void {
  tally.total += group.count;
  tally.by_status[group.status] += group.count;
  if (isOpenStatus(group.status)) tally.open += group.count;
  if (overdue) tally.overdue += group.count;
}

/** Counts per 1,000 residents, two decimals; null without a population. */
export function ratesOf(tally: Tally, population: number | null): Rates {
  const rate = (n: number) =>
    population && population > 0 ? Math.round((n * 100_000) / population) / 100 : null;
  return { total: rate(tally.total), open: rate(tally.open), overdue: rate(tally.overdue) };
}

/**
 * Adds the groups up per ward (in the order of `wards`, every ward listed even with nothing),
 * per kind and per status. Overdue is the records' own rule (`isOverdue`) on `judgedOn`, for
 * cases that are still open.
 */
export function tallyByWard(
  groups: Iterable<ViolationGroup>,
  wards: readonly WardInfo[],
  judgedOn: string,
): ViolationStatistics {
  const rows = new Map(wards.map((w) => [w.code, { tally: emptyTally(), byKind: emptyByKind() }]));
  const total = emptyTally();
  const totalByKind = emptyByKind();
  for (const group of groups) {
    if (group.count === 0) continue;
    const overdue = isOpenStatus(group.status) && isOverdue(group.deadline, judgedOn);
    add(total, group, overdue);
    add(totalByKind[group.kind], group, overdue);
    const row = group.ward === null ? undefined : rows.get(group.ward);
    if (!row) continue;
    add(row.tally, group, overdue);
    add(row.byKind[group.kind], group, overdue);
  }
  const population = wards.every((w) => w.population !== null)
    ? wards.reduce((sum, w) => sum + w.population!, 0)
    : null;
  return {
    judged_on: judgedOn,
    wards: wards.map((w) => {
      const { tally, byKind } = rows.get(w.code)!;
      return { ...w, ...tally, per_1000: ratesOf(tally, w.population), by_kind: byKind };
    }),
    totals: { ...total, population, per_1000: ratesOf(total, population), by_kind: totalByKind },
  };
}
