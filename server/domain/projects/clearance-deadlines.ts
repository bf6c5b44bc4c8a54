/**
 * The clocks of a land-clearance project (DOMAIN.md §3) judged on a given day: whether the stage
 * that keeps each came in time. Which clocks there are, and their periods, are in
 * clearance-rules.ts.
 */
import { stageIndex, type LandType, type ProjectStage } from './project-stages.ts';
import type { Localized } from '../i18n.ts';
import {
  clearanceRulesOn,
  DEADLINE_KEYS,
  DEADLINES,
  type DeadlineDef,
  type DeadlineKey,
  type DeadlineKind,
} from './clearance-rules.ts';

export type { DeadlineKey, DeadlineKind } from './clearance-rules.ts';

/**
 * pending: the clock runs (for `not_before`: the stage may not come yet); met: kept; overdue: the
 * date passed and the stage has not come; late: it came after the date; early: it came too soon.
 */
export type DeadlineStatus = 'pending' | 'met' | 'overdue' | 'late' | 'early';

/** How each judgement reads in a list or on a record's page. */
export const deadlineStatusLabels: Record<DeadlineStatus, Localized> = {
  pending: { vi: 'Đang chạy', en: 'Running' },
  met: { vi: 'Đã đáp ứng', en: 'Met' },
  overdue: { vi: 'Quá hạn', en: 'Overdue' },
  late: { vi: 'Hoàn thành trễ hạn', en: 'Done late' },
  early: { vi: 'Sớm hơn luật định', en: 'Earlier than allowed' },
};

/** One clock of a project as judged on a day. */
export interface ProjectDeadline {
  key: DeadlineKey;
  label: Localized;
  kind: DeadlineKind;
  /** The last day in time (`by`) or the first day allowed (`not_before`), YYYY-MM-DD. */
  date: string;
  /** The stage that keeps it. */
  until: ProjectStage;
  status: DeadlineStatus;
  met: boolean;
  overdue: boolean;
}

/** What the clocks need of a project. */
export interface DeadlineInput {
  land_type: LandType;
  stage: ProjectStage;
  stage_dates: Partial<Record<ProjectStage, string>>;
}

function judge(def: DeadlineDef, date: string, p: DeadlineInput, today: string): DeadlineStatus {
  const reached = stageIndex(p.stage) >= stageIndex(def.until);
  const on = p.stage_dates[def.until];
  if (def.kind === 'not_before') {
    if (reached) return on !== undefined && on < date ? 'early' : 'met';
    return today < date ? 'pending' : 'met';
  }
  if (reached) return on !== undefined && on > date ? 'late' : 'met';
  // The last day is still in time: overdue from the day after.
  return today > date ? 'overdue' : 'pending';
}

/** Every clock a project's dates start, judged on `today` (the office's date, Asia/Ho_Chi_Minh). */
export function projectDeadlines(p: DeadlineInput, today: string): ProjectDeadline[] {
  const out: ProjectDeadline[] = [];
  for (const key of DEADLINE_KEYS) {
    const def = DEADLINES[key];
    const start = p.stage_dates[def.from];
    if (start === undefined || stageIndex(p.stage) < stageIndex(def.from)) continue;
    const date = def.date(start, clearanceRulesOn(start), p.land_type);
    const status = judge(def, date, p, today);
    const { label, kind, until } = def;
    out.push({
      key,
      label,
      kind,
      date,
      until,
      status,
      met: status === 'met',
      overdue: status === 'overdue',
    });
  }
  return out;
}

/**
 * The earliest `by` date whose stage has not come: the project is overdue on every day after it.
 * It does not depend on the day, so a store can keep it beside the record and filter by it.
 */
export function openDeadline(p: DeadlineInput): string | null {
  const open = projectDeadlines(p, '')
    .filter((d) => d.kind === 'by' && d.status === 'pending')
    .map((d) => d.date)
    .sort();
  return open[0] ?? null;
}

/** The earliest `by` clock still running or missed, or null. */
export function nextDeadline(deadlines: readonly ProjectDeadline[]): ProjectDeadline | null {
  const open = deadlines.filter(
    (d) => d.kind === 'by' && (d.status === 'pending' || d.status === 'overdue'),
  );
  return open.sort((a, b) => a.date.localeCompare(b.date))[0] ?? null;
}
