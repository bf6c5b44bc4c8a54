/** "The map as of a date" shows a day that has ended, or today: never one still to come. */
import { formatDateVi } from './dates.ts';
import { DomainError } from './errors.ts';

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
