/** The dates a step may carry, checked against the case's timeline and today. */
import { formatDateVi } from '../dates.ts';
import { DomainError } from '../errors.ts';
import { checkRecordDate } from '../record-dates.ts';
import type { ViolationStepInput } from './violation.ts';

function dateError(field: string, vi: string, en: string): DomainError {
  return new DomainError('VALIDATION_FAILED', { vi, en }, { field });
}

/** A step happens between the previous step and today; what it refers to comes after it. */
export function checkStepDates(
  input: ViolationStepInput,
  date: string,
  previous: string | undefined,
  today: string,
): void {
  const vn = formatDateVi;
  // The first step has no previous one to bound it from below.
  checkRecordDate('date', date, { vi: 'Ngày của bước', en: "The step's date" });
  if (date > today || (previous !== undefined && date < previous)) {
    throw dateError(
      'date',
      `Ngày của bước phải từ ngày bước trước (${previous ? vn(previous) : '—'}) đến hôm nay (${vn(today)}).`,
      `The step's date must be between the previous step's (${previous ?? '—'}) and today (${today}).`,
    );
  }
  if (input.received_date && (input.received_date < date || input.received_date > today)) {
    throw dateError(
      'received_date',
      `Ngày nhận quyết định phải từ ngày ra quyết định (${vn(date)}) đến hôm nay (${vn(today)}).`,
      `The day the decision was received must be between its date (${date}) and today (${today}).`,
    );
  }
  if (input.remedy_deadline) {
    // A deadline lies ahead by nature: only its year is checked against the future.
    checkRecordDate('remedy_deadline', input.remedy_deadline, {
      vi: 'Hạn khắc phục',
      en: 'The remedy deadline',
    });
  }
  if (input.remedy_deadline && input.remedy_deadline < date) {
    throw dateError(
      'remedy_deadline',
      `Hạn khắc phục không thể trước ngày ra quyết định (${vn(date)}).`,
      `The remedy deadline cannot be before the decision's date (${date}).`,
    );
  }
}
