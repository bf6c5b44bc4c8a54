/**
 * The monthly summary (GET /api/reports/monthly/{YYYY-MM}): the violations as they stood at the
 * month's end and at the month before's (the ward statistics on each last day), what moved in each
 * month (counted by the store over the version history), and any further sections (project
 * progress, the criteria scorecard) from their own sources.
 */
import { DomainError } from '../domain/errors.ts';
import { localDate } from '../domain/dates.ts';
import { emptyFlows, type MonthFlows } from '../domain/violations/monthly-flows.ts';
import {
  violationSummary,
  type MonthlyReport,
  type ReportSection,
} from '../domain/monthly-report.ts';
import { projectSection } from '../domain/monthly-sections.ts';
import { exportMonth, previousMonth, type ExportMonth } from '../domain/month.ts';
import type { Store } from '../store/store.ts';
import type { Clock } from '../domain/clock.ts';
import type { StatisticsService, WardStatistics } from './statistics.ts';

/**
 * Where a further section comes from (the criteria scorecard; app.ts passes them): the figures on
 * the month's last day (`today` for the running month) beside the month before's last day, or
 * null when it has nothing to say.
 */
export interface ReportSectionSource {
  section(today: string, previousDay: string): Promise<ReportSection | null>;
}

function refuse(id: string, reason: 'format' | 'too_early' | 'future'): DomainError {
  const text = {
    format: {
      vi: `Tháng "${id}" không hợp lệ: viết YYYY-MM, ví dụ 2026-02.`,
      en: `"${id}" is not a month: write YYYY-MM, e.g. 2026-02.`,
    },
    too_early: {
      vi: `Không có dữ liệu trước năm 2000 (tháng ${id}).`,
      en: `There is no data before 2000 (month ${id}).`,
    },
    future: {
      vi: `Tháng ${id} chưa bắt đầu: chưa có số liệu để báo cáo.`,
      en: `The month ${id} has not begun: there is nothing to report yet.`,
    },
  }[reason];
  return new DomainError('VALIDATION_FAILED', text, { month: id });
}

/** How many ended months' figures are kept in memory. */
const KEPT_MONTHS = 36;

interface MonthFigures {
  stock: WardStatistics;
  flows: MonthFlows;
}

export class MonthlyReportService {
  readonly #kept = new Map<string, MonthFigures>();

  constructor(
    private readonly deps: {
      store: Store;
      clock: Clock;
      /** Counts what stood at a month's end, by ward, kind and status. */
      statistics: StatisticsService;
      sections?: readonly ReportSectionSource[];
    },
  ) {}

  async report(id: string): Promise<MonthlyReport> {
    const now = this.deps.clock.now();
    const checked = exportMonth(id, now);
    if (!checked.ok) throw refuse(id, checked.reason);
    const month = checked.month;
    // A month before 2000 held nothing: the first one compares with zeros.
    const before = exportMonth(previousMonth(id), now);
    const previous = before.ok ? before.month : null;
    // The month still running stands as it does today.
    const today = month.judgedOn;
    // The day before the month's first: the month before's last, even before 2000.
    const previousDay = localDate(new Date(Date.parse(month.since) - 1));
    const current = await this.#figures(month, today);
    const prior = await this.#figures(previous, previousDay);
    const further: ReportSection[] = [];
    for (const source of this.deps.sections ?? []) {
      const section = await source.section(today, previousDay);
      if (section !== null) further.push(section);
    }
    return {
      month: month.id,
      previousMonth: previousMonth(id),
      final: month.final,
      asOf: today,
      generatedAt: now.toISOString(),
      violations: violationSummary(
        { stock: current.stock.violations, flows: current.flows },
        { stock: prior.stock.violations, flows: prior.flows },
      ),
      sections: [projectSection(current.stock.projects, prior.stock.projects), ...further],
    };
  }

  /**
   * A month's figures: what stood at the end of `day` (counted as the ward statistics count it)
   * and what moved in the month. An ended month never changes (versions are written at the
   * server's now), so its figures are kept: the month after reuses them as its comparison.
   */
  async #figures(month: ExportMonth | null, day: string): Promise<MonthFigures> {
    const kept = month?.final ? this.#kept.get(month.id) : undefined;
    if (kept) return kept;
    const figures = {
      stock: await this.deps.statistics.byWard({ asOf: day }),
      // Every violation in its last state before the month's end, counted where it is kept.
      flows: month ? await this.deps.store.violations.flows(month) : emptyFlows(),
    };
    if (month?.final) {
      this.#kept.set(month.id, figures);
      // A few kilobytes a month; the oldest go first.
      if (this.#kept.size > KEPT_MONTHS) this.#kept.delete(this.#kept.keys().next().value!);
    }
    return figures;
  }
}
