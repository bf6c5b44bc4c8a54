/**
 * The clocks of a petition judged on a day: whether the step that keeps each came in time. Which
 * clocks there are, and their periods, are in complaint-rules.ts.
 */
import { addPeriod } from '../dates.ts';
import type { Localized } from '../i18n.ts';
import type { Period } from '../violations/enforcement-deadlines.ts';
import { complaintRulesOn } from './complaint-rules.ts';
import type { ComplaintStatus } from './complaint-statuses.ts';
import type { ComplaintType } from './complaint-types.ts';

export type ComplaintDeadlineKey = 'accept' | 'resolve' | 'answer';

/**
 * pending: the clock runs; met: kept; overdue: the day passed, the step not taken; late: kept
 * after it.
 */
export type ComplaintDeadlineStatus = 'pending' | 'met' | 'overdue' | 'late';

/** How each judgement reads on a petition's page. */
export const complaintDeadlineStatusLabels: Record<ComplaintDeadlineStatus, Localized> = {
  pending: { vi: 'Đang chạy', en: 'Running' },
  met: { vi: 'Đã đáp ứng', en: 'Met' },
  overdue: { vi: 'Quá hạn', en: 'Overdue' },
  late: { vi: 'Hoàn thành trễ hạn', en: 'Done late' },
};

export interface ComplaintDeadline {
  key: ComplaintDeadlineKey;
  label: Localized;
  /** The last day in time, YYYY-MM-DD. */
  date: string;
  status: ComplaintDeadlineStatus;
  overdue: boolean;
}

/** What the clocks need of a petition. */
export interface ComplaintClockInput {
  type: ComplaintType;
  received_on: string;
  status: ComplaintStatus;
  step_dates: Partial<Record<ComplaintStatus, string>>;
  complex: boolean;
  remote: boolean;
  second_time: boolean;
  extensions: number;
}

const LABELS: Record<ComplaintDeadlineKey, Localized> = {
  accept: { vi: 'Hạn thụ lý', en: 'Accept by' },
  resolve: { vi: 'Hạn giải quyết', en: 'Resolve by' },
  answer: { vi: 'Hạn trả lời', en: 'Answer by' },
};

/** The first of these steps the petition took, with its date. */
function firstOf(p: ComplaintClockInput, steps: readonly ComplaintStatus[]): string | undefined {
  return steps
    .map((s) => p.step_dates[s])
    .filter((d): d is string => d !== undefined)
    .sort()[0];
}

function clock(
  key: ComplaintDeadlineKey,
  date: string,
  keptOn: string | undefined,
  today: string,
): ComplaintDeadline {
  const status: ComplaintDeadlineStatus =
    keptOn !== undefined ? (keptOn <= date ? 'met' : 'late') : today > date ? 'overdue' : 'pending';
  return { key, label: LABELS[key], date, status, overdue: status === 'overdue' };
}

const PROCESSED: readonly ComplaintStatus[] = ['accepted', 'not_accepted', 'forwarded'];

/**
 * Every clock the petition has so far, judged on `today`; a withdrawn one keeps only those it
 * kept.
 */
export function complaintDeadlines(p: ComplaintClockInput, today: string): ComplaintDeadline[] {
  const rules = complaintRulesOn(p.received_on);
  const clocks: ComplaintDeadline[] = [];
  if (p.type === 'petition') {
    const answered = firstOf(p, ['decided', 'forwarded', 'not_accepted']);
    clocks.push(clock('answer', addPeriod(p.received_on, rules.petitionAnswer), answered, today));
  } else {
    const accept = p.type === 'complaint' ? rules.complaintAccept : rules.denunciationAccept;
    const processed = firstOf(p, PROCESSED);
    clocks.push(clock('accept', addPeriod(p.received_on, accept), processed, today));
    const accepted = p.step_dates.accepted;
    if (accepted !== undefined) {
      const periods: Period[] =
        p.type === 'complaint'
          ? [complaintPeriod(p, rules)]
          : [
              rules.denunciationResolve,
              ...Array.from({ length: p.extensions }, () => rules.denunciationExtension),
            ];
      const date = periods.reduce((from, period) => addPeriod(from, period), accepted);
      // A complaint ends in a decision; a denunciation in the conclusion on its content.
      const kept = p.type === 'complaint' ? p.step_dates.decided : p.step_dates.concluded;
      clocks.push(clock('resolve', date, kept, today));
    }
  }
  return p.status === 'withdrawn'
    ? clocks.filter((c) => c.status === 'met' || c.status === 'late')
    : clocks;
}

function complaintPeriod(p: ComplaintClockInput, rules: ReturnType<typeof complaintRulesOn>) {
  const table = p.remote ? rules.complaintResolveRemote : rules.complaintResolve;
  return (p.second_time ? table.second : table.first)[p.complex ? 1 : 0];
}

/**
 * The earliest day a clock still running ends on: overdue on any day after it; null when none
 * runs.
 */
export function openComplaintDeadline(p: ComplaintClockInput): string | null {
  // Judged on the first day there is: a clock counts as running whatever the day.
  const running = complaintDeadlines(p, '0000-01-01').filter((c) => c.status === 'pending');
  return running.map((c) => c.date).sort()[0] ?? null;
}

/** How many extensions a denunciation may have. */
export function extensionsAllowed(p: Pick<ComplaintClockInput, 'received_on' | 'complex'>): number {
  const { plain, complex } = complaintRulesOn(p.received_on).denunciationExtensions;
  return p.complex ? complex : plain;
}
