/**
 * The summary as its page lays it out: numbered sections of rows labelled in the reader's
 * language, each with the rows its chart draws (of one unit) and any notes.
 */
import type { Localized } from '../../../../../server/domain/i18n.ts';
import type {
  ComparisonRow,
  MonthlyReport,
  ViolationSummary,
} from '../../../../../server/domain/monthly-report.ts';
import type { MessageKey } from '../../i18n/messages.ts';

export interface LabelledRow {
  key: string;
  label: string;
  current: number;
  previous: number;
}

export interface ReportBlock {
  /** A stable name: `key`, `kind`, `status`, `ward`, `projects`, `scorecard`. */
  name: string;
  title: string;
  /** The heading of the table's first column. */
  item: string;
  rows: LabelledRow[];
  /** The rows the chart draws; none for a table alone. */
  chart: LabelledRow[];
  notes: string[];
  /** Whether the rows add up to a total (they split one count). */
  total: boolean;
}

type T = (key: MessageKey, params?: Record<string, string | number>) => string;
type Label = (text: Localized) => string;

const labelled = (rows: readonly ComparisonRow[], label: Label) =>
  rows.map((r): LabelledRow => ({ ...r, label: label(r.label) }));

/** The headline figures, in the order the summary lists them. */
const KEY_FIGURES = ['total', 'open', 'opened', 'closed', 'overdue', 'archived'] as const;

function keyFigures(v: ViolationSummary, t: T): LabelledRow[] {
  return KEY_FIGURES.map((key) => ({ key, label: t(`report.${key}`), ...v[key] }));
}

/** 1 key figures; 2–4 violations by kind, step and ward; then the server's further sections. */
export function reportBlocks(report: MonthlyReport, t: T, label: Label): ReportBlock[] {
  const v = report.violations;
  const split = (name: string, title: MessageKey, item: MessageKey, rows: ComparisonRow[]) => {
    const all = labelled(rows, label);
    return { name, title: t(title), item: t(item), rows: all, chart: all, notes: [], total: true };
  };
  return [
    {
      name: 'key',
      title: t('report.keyFigures'),
      item: t('report.item'),
      rows: keyFigures(v, t),
      chart: [],
      notes: [],
      total: false,
    },
    split('kind', 'report.byKind', 'report.kind', v.byKind),
    split('status', 'report.byStatus', 'report.status', v.byStatus),
    split('ward', 'report.byWard', 'report.ward', v.byWard),
    ...report.sections.map((s, i) => ({
      name: s.name,
      title: t('report.more', { n: 5 + i, title: label(s.title) }),
      item: t('report.item'),
      rows: labelled(s.rows, label),
      chart: labelled(
        s.rows.filter((r) => s.chart?.includes(r.key)),
        label,
      ),
      notes: (s.notes ?? []).map(label),
      total: false,
    })),
  ];
}
