/** A date on a record outside the years any record can carry: a typo, a default, or a probe. */
import { EARLIEST_RECORD_DATE, formatDateVi, LATEST_RECORD_DATE } from './dates.ts';
import { DomainError } from './errors.ts';
import type { Localized } from './i18n.ts';

/**
 * Refuses a date (YYYY-MM-DD) before EARLIEST_RECORD_DATE or after LATEST_RECORD_DATE. `what`
 * names the date in a sentence ("Ngày của bước" / "The step's date"); whether it may be after
 * today is the caller's rule, since only some dates say when something happened.
 */
export function checkRecordDate(field: string, date: string, what: Localized): void {
  const vn = formatDateVi;
  if (date < EARLIEST_RECORD_DATE) {
    throw new DomainError(
      'VALIDATION_FAILED',
      {
        vi: `${what.vi} (${vn(date)}) không thể trước ngày ${vn(EARLIEST_RECORD_DATE)}: kiểm tra lại năm.`,
        en: `${what.en} (${date}) cannot be before ${EARLIEST_RECORD_DATE}: check the year.`,
      },
      { field },
    );
  }
  if (date > LATEST_RECORD_DATE) {
    throw new DomainError(
      'VALIDATION_FAILED',
      {
        vi: `${what.vi} (${vn(date)}) không thể sau ngày ${vn(LATEST_RECORD_DATE)}: kiểm tra lại năm.`,
        en: `${what.en} (${date}) cannot be after ${LATEST_RECORD_DATE}: check the year.`,
      },
      { field },
    );
  }
}
