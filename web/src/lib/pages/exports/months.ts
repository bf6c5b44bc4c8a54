/** Months as the export page and the summary write them, and the archive's answer. */
import type { InferResponseType } from 'hono/client';
import { localDate } from '../../../../../server/domain/dates.ts';
import type { client } from '../../api.ts';

/** GET /api/exports: the archived files (with their download URL) and the layers. */
export type ArchiveAnswer = InferResponseType<typeof client.api.exports.$get, 200>;

/** 2026-02 → 02/2026, as Vietnamese documents write a month. */
export function formatMonth(month: string): string {
  const [year, m] = month.split('-');
  return `${m}/${year}`;
}

/** The office's month (Asia/Ho_Chi_Minh) by this device's clock, YYYY-MM. */
export function currentMonth(now: Date = new Date()): string {
  return localDate(now).slice(0, 7);
}
