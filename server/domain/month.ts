/**
 * The month of an export or a monthly report: its local bounds in Asia/Ho_Chi_Minh and whether it
 * has ended. A month that has ended never changes again (versions are written at the server's now),
 * so its export is final and byte-for-byte repeatable; the current month is exported as it stands,
 * marked provisional. Pure calendar logic, in the domain so the exports and the report service
 * both stand on it rather than one reaching into the other.
 */
import { endOfLocalDay, localDate } from './dates.ts';

export interface ExportMonth {
  /** YYYY-MM */
  id: string;
  /** The first instant of the month, office time, as an ISO string in UTC (inclusive). */
  since: string;
  /** The first instant after the month (exclusive): the state at the month's end is the last before it. */
  until: string;
  /** The month's last calendar day (YYYY-MM-DD). */
  lastDay: string;
  /**
   * The day deadlines are judged on (YYYY-MM-DD): an ended month's last day; for the month still
   * running, today, as it stands when it is exported (a case due on the 20th is not overdue on the
   * 7th because the month ends on the 31st).
   */
  judgedOn: string;
  /** False for the current month: its records may still change. */
  final: boolean;
}

export const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;
/** Nothing was recorded before the system existed; older months are a typo. */
export const FIRST_YEAR = 2000;

function lastDayOf(year: number, month: number): string {
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

/** The month before `id` (YYYY-MM). */
export function previousMonth(id: string): string {
  const [y, m] = id.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** The month after `id` (YYYY-MM). */
export function nextMonth(id: string): string {
  const [y, m] = id.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** The office's month at an instant (YYYY-MM). */
export function monthOf(instant: Date): string {
  return localDate(instant).slice(0, 7);
}

export type MonthCheck =
  { ok: true; month: ExportMonth } | { ok: false; reason: 'format' | 'too_early' | 'future' };

/** Reads YYYY-MM and places it against `now`: a month not yet begun has nothing to export. */
export function exportMonth(id: string, now: Date): MonthCheck {
  const match = MONTH_PATTERN.exec(id);
  if (!match) return { ok: false, reason: 'format' };
  const [year, month] = [Number(match[1]), Number(match[2])];
  if (year < FIRST_YEAR) return { ok: false, reason: 'too_early' };
  const current = monthOf(now);
  if (id > current) return { ok: false, reason: 'future' };
  const lastDay = lastDayOf(year, month);
  return {
    ok: true,
    month: {
      id,
      since: endOfLocalDay(lastDayOf(year, month - 1)),
      until: endOfLocalDay(lastDay),
      lastDay,
      judgedOn: id < current ? lastDay : localDate(now),
      final: id < current,
    },
  };
}

/** Months from `first` to `last` inclusive (YYYY-MM), oldest first. */
export function monthsBetween(first: string, last: string): string[] {
  const months: string[] = [];
  for (let m = first; m <= last; m = nextMonth(m)) months.push(m);
  return months;
}
