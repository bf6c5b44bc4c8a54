/**
 * The summary's sections beyond violations: land-clearance project progress (the ward statistics'
 * project tally at each month's end) and the urban criteria scorecard (as it stood on each last
 * day). Each figure sits beside the month before's, like the violations'.
 */
import { PROJECT_STAGES, projectStageCatalog } from './projects/project-stages.ts';
import type { ScorecardReport } from './criteria/report.ts';
import type { Localized } from './i18n.ts';
import type { ComparisonRow, ReportSection } from './monthly-report.ts';
import type { ProjectStatistics, ProjectTally } from './projects/project-statistics.ts';

const row = (key: string, label: Localized, current: number, previous: number): ComparisonRow => ({
  key,
  label,
  current,
  previous,
});

const HOUSEHOLDS: { key: keyof ProjectTally['households']; label: Localized }[] = [
  { key: 'total', label: { vi: 'Hộ dân bị ảnh hưởng', en: 'Households affected' } },
  { key: 'counted', label: { vi: 'Hộ đã kiểm đếm', en: 'Households counted' } },
  { key: 'agreed', label: { vi: 'Hộ đã đồng ý phương án', en: 'Households agreeing' } },
  { key: 'paid', label: { vi: 'Hộ đã nhận chi trả', en: 'Households paid' } },
  { key: 'handed_over', label: { vi: 'Hộ đã bàn giao mặt bằng', en: 'Households handed over' } },
];

/** Projects by stage, blocked and overdue, and their households, at each month's end. */
export function projectSection(now: ProjectStatistics, before: ProjectStatistics): ReportSection {
  const [a, b] = [now.totals, before.totals];
  return {
    name: 'projects',
    title: { vi: 'Tiến độ dự án giải phóng mặt bằng', en: 'Land-clearance project progress' },
    rows: [
      row('total', { vi: 'Số dự án', en: 'Projects' }, a.total, b.total),
      ...PROJECT_STAGES.map((s) =>
        row(`stage:${s}`, projectStageCatalog[s].label, a.by_stage[s], b.by_stage[s]),
      ),
      row('blocked', { vi: 'Đang vướng mắc', en: 'Blocked' }, a.blocked, b.blocked),
      row('overdue', { vi: 'Quá hạn', en: 'Overdue' }, a.overdue, b.overdue),
      ...HOUSEHOLDS.map((h) =>
        row(`households:${h.key}`, h.label, a.households[h.key], b.households[h.key]),
      ),
    ],
    chart: PROJECT_STAGES.map((s) => `stage:${s}`),
  };
}

/** Points and minimums per urban class, with whether each class is met, for the urban area. */
export function scorecardSection(now: ScorecardReport, before: ScorecardReport): ReportSection {
  const previous = new Map(before.classes.map((c) => [c.class, c]));
  const rows: ComparisonRow[] = [];
  const notes: Localized[] = [];
  for (const c of now.classes) {
    const p = previous.get(c.class);
    const met = (x: typeof c) => x.standards.filter((s) => s.met_minimum === true).length;
    rows.push(
      row(
        `points:${c.class}`,
        {
          vi: `Loại ${c.class}: điểm (cần ${c.threshold}/${c.total_max})`,
          en: `Class ${c.class}: points (${c.threshold}/${c.total_max} needed)`,
        },
        c.total,
        p?.total ?? 0,
      ),
      row(
        `minimums:${c.class}`,
        {
          vi: `Loại ${c.class}: tiêu chuẩn đạt mức tối thiểu (trên ${c.standards.length})`,
          en: `Class ${c.class}: standards at their minimum (of ${c.standards.length})`,
        },
        met(c),
        p ? met(p) : 0,
      ),
      row(
        `not_assessed:${c.class}`,
        { vi: `Loại ${c.class}: tiêu chuẩn chưa có số liệu`, en: `Class ${c.class}: not assessed` },
        c.not_assessed.length,
        p?.not_assessed.length ?? 0,
      ),
    );
    notes.push(
      c.recognised
        ? { vi: `Loại ${c.class}: đạt.`, en: `Class ${c.class}: met.` }
        : {
            vi: `Loại ${c.class}: chưa đạt${c.all_minimums_met ? '' : ' (còn tiêu chuẩn dưới mức tối thiểu hoặc chưa đánh giá)'}.`,
            en: `Class ${c.class}: not met${c.all_minimums_met ? '' : ' (standards below their minimum or not assessed)'}.`,
          },
    );
  }
  return {
    name: 'scorecard',
    title: {
      vi: `Tiêu chí đô thị — ${now.rule_set.title.vi}, ${now.scope_name.vi}`,
      en: `Urban criteria — ${now.rule_set.title.en}, ${now.scope_name.en}`,
    },
    rows,
    notes,
    chart: rows.filter((r) => r.key.startsWith('points:')).map((r) => r.key),
  };
}
