/** Why a store call failed without anything being wrong with the request. */
import { DomainError } from '../domain/errors.ts';

/**
 * A read that ran past its time budget and was abandoned: the server keeps answering others, and
 * the person is told what to do (narrow the view or the filter, or try again in a moment). The
 * API answers it with 503; nothing was written.
 */
export function storeBusy(budgetMs: number): DomainError {
  const seconds = Math.round(budgetMs / 100) / 10;
  const s = seconds.toLocaleString('vi-VN');
  return new DomainError(
    'BUSY',
    {
      vi: `Máy chủ chưa đọc xong dữ liệu trong ${s} giây nên đã dừng yêu cầu này. Thu hẹp vùng xem hoặc bộ lọc (loại, phường, thời gian), hoặc thử lại sau ít phút.`,
      en: `The server could not read the data within ${seconds} s and stopped this request. Narrow the view or the filters (kind, ward, period), or try again in a few minutes.`,
    },
    { budget_ms: budgetMs },
  );
}

/** How long reads may take before they are abandoned (milliseconds). */
export interface ReadBudgets {
  /** A page, a record, a count: what a person waits for on a screen. */
  read: number;
  /** A month's export or another whole-layer read that a person expects to wait for. */
  long: number;
}

export const DEFAULT_READ_BUDGETS: ReadBudgets = { read: 5_000, long: 60_000 };
