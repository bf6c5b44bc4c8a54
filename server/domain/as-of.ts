/** "The map as of a date" shows a day that has ended, or today: never one still to come. */
import { z } from 'zod';
import { formatDateVi } from './dates.ts';
import { DomainError } from './errors.ts';
import { calendarDateSchema } from './violations/violation.ts';

/** Refuses a day after `today` (both YYYY-MM-DD, office time), naming both. */
export function refuseFutureAsOf(asOf: string | undefined, today: string): void {
  if (!asOf || asOf <= today) return;
  throw new DomainError(
    'VALIDATION_FAILED',
    {
      vi: `Ngày xem (${formatDateVi(asOf)}) không thể sau hôm nay (${formatDateVi(today)}).`,
      en: `The date asked for (${asOf}) cannot be after today (${today}).`,
    },
    { field: 'asOf' },
  );
}

/** Seeing the past is for staff: it holds texts later edited to take out what is not public. */
export function pastForStaff(): DomainError {
  return new DomainError('UNAUTHENTICATED', {
    vi: 'Xem bản đồ tại một ngày trong quá khứ cần đăng nhập.',
    en: 'Sign in to see the map as of a past date.',
  });
}

/**
 * A record as it stood at `instant` from its history (oldest first): what the last version
 * written before then left. Null when it was not made yet, or had been removed.
 */
export function stateAsOf<T>(
  history: readonly { at: string; after: T | null }[],
  instant: string,
): T | null {
  let state: T | null = null;
  for (const entry of history) {
    if (entry.at >= instant) break;
    state = entry.after;
  }
  return state;
}

/** The record asked for did not exist at the end of `asOf` (YYYY-MM-DD). */
export function notYetThen(id: string, asOf: string): DomainError {
  return new DomainError(
    'NOT_FOUND',
    {
      vi: `Hồ sơ ${id} chưa có vào cuối ngày ${formatDateVi(asOf)}.`,
      en: `Record ${id} did not exist yet at the end of ${asOf}.`,
    },
    { id, asOf },
  );
}

/** The query of one record's page: `asOf` for the record as it stood at the end of that day. */
export const recordQuerySchema = z.object({ asOf: calendarDateSchema.optional() });
