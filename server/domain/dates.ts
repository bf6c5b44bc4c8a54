/**
 * Calendar dates of the office. Legal dates are local to Asia/Ho_Chi_Minh (UTC+7 all year, no
 * daylight saving), written YYYY-MM-DD; instants are ISO strings in UTC.
 */
import { PUBLIC_HOLIDAYS } from './rules/holidays.ts';
import type { Period } from './violations/enforcement-deadlines.ts';

export const OFFICE_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/**
 * The plausible range of a date on a record. The office keeps nothing from before 2000, so an
 * earlier date is a mistyped year or a field left at a default (0001-01-01); a deadline may lie
 * ahead, but none the law sets reaches past 2100, so a later one is a mistyped year too.
 */
export const EARLIEST_RECORD_DATE = '2000-01-01';
export const LATEST_RECORD_DATE = '2100-12-31';
const OFFSET_MS = 7 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;
const holidays = new Set(PUBLIC_HOLIDAYS);

/** The office's calendar date at an instant. */
export function localDate(instant: Date): string {
  return new Date(instant.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** The first instant after the local day `date` ends, as an ISO string in UTC. */
export function endOfLocalDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS - OFFSET_MS).toISOString();
}

/** True for a real calendar date written YYYY-MM-DD (rejects 2026-02-30). */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

function shift(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function isWorkingDay(date: string): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !holidays.has(date);
}

/** The first working day on or after `date`. */
export function nextWorkingDay(date: string): string {
  let day = date;
  while (!isWorkingDay(day)) day = shift(day, 1);
  return day;
}

/**
 * The last day of a period that starts the day after `date`. A period in days or months that
 * ends on a weekend or public holiday ends on the next working day (Bộ luật Dân sự 2015,
 * Điều 148 khoản 5).
 */
export function addPeriod(date: string, period: Period): string {
  switch (period.unit) {
    case 'days':
      return nextWorkingDay(shift(date, period.amount));
    case 'working_days': {
      let day = date;
      for (let left = period.amount; left > 0;) {
        day = shift(day, 1);
        if (isWorkingDay(day)) left--;
      }
      return day;
    }
    case 'months': {
      const [y, m, d] = date.split('-').map(Number) as [number, number, number];
      const target = new Date(Date.UTC(y, m - 1 + period.amount, 1));
      const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0));
      target.setUTCDate(Math.min(d, lastDay.getUTCDate()));
      return nextWorkingDay(target.toISOString().slice(0, 10));
    }
  }
}

/** dd/mm/yyyy, as Vietnamese documents write a date. */
export function formatDateVi(date: string): string {
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y}`;
}

/**
 * An instant as a wall-clock time in Việt Nam, `YYYY-MM-DD HH:MM:SS`: what a spreadsheet reads
 * as a date and time, and what the office's clocks showed.
 */
export function localDateTime(instant: string): string {
  return new Date(Date.parse(instant) + OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}
