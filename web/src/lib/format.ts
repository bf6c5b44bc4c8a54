/** Dates and times as the office writes them: dd/mm/yyyy, Asia/Ho_Chi_Minh. */
import { OFFICE_TIME_ZONE, formatDateVi } from '../../../server/domain/dates.ts';
import type { Locale } from '../../../server/domain/i18n.ts';

const DATE_TIME: Intl.DateTimeFormatOptions = {
  timeZone: OFFICE_TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
};
// en-GB writes dd/mm/yyyy as Vietnamese does, so both languages read dates the same way.
const dateTime: Record<Locale, Intl.DateTimeFormat> = {
  vi: new Intl.DateTimeFormat('vi-VN', DATE_TIME),
  en: new Intl.DateTimeFormat('en-GB', DATE_TIME),
};

/** An instant, e.g. "14:05 29/11/2026" in Vietnamese. */
export function formatInstant(iso: string, locale: Locale): string {
  return dateTime[locale].format(new Date(iso));
}

/** A calendar date (YYYY-MM-DD) as dd/mm/yyyy, in both languages. */
export const formatDate = formatDateVi;

/** Coordinates with 6 decimals (about 0.1 m), latitude first as people read them. */
export function formatLatLon([lon, lat]: number[]): string {
  return `${lat!.toFixed(6)}, ${lon!.toFixed(6)}`;
}
