/**
 * When a capture whose send timed out or found no network is tried again on its own: later after
 * each failure in a row (exponential, with a cap), at a random point of the second half of the
 * wait so that the captures of one phone (or the phones of one team coming back into coverage)
 * do not all retry at the same moment. "Gửi ngay", the network coming back or a sign-in try at
 * once whatever the wait.
 */
import type { Locale } from '../../../../server/domain/i18n.ts';
import { OFFICE_TIME_ZONE } from '../../../../server/domain/dates.ts';

/** The first wait: short, since a weak link often comes back within seconds. */
export const RETRY_BASE_MS = 15_000;

/** The longest wait: in the field the inspector expects captures to go soon after coverage. */
export const RETRY_CAP_MS = 5 * 60_000;

/**
 * The wait before the next try after `failures` (1 or more) in a row: the base doubled for each
 * failure after the first, capped, then the second half of it picked by `random` (in [0, 1)).
 */
export function retryDelay(failures: number, random: number): number {
  const full = Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** Math.max(0, failures - 1));
  return Math.round(full / 2 + (full / 2) * random);
}

const clock: Record<Locale, Intl.DateTimeFormat> = {
  vi: new Intl.DateTimeFormat('vi-VN', {
    timeZone: OFFICE_TIME_ZONE,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }),
  en: new Intl.DateTimeFormat('en-GB', {
    timeZone: OFFICE_TIME_ZONE,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }),
};

/** The time of day of a retry, e.g. "14:05:30" (the waits are minutes: the date goes without). */
export function formatClock(iso: string, locale: Locale): string {
  return clock[locale].format(new Date(iso));
}
