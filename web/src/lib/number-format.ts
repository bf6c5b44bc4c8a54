/** Numbers as each language writes them: "12,5" in Vietnamese, "12.5" in English. */
import type { Locale } from '../../../server/domain/i18n.ts';

const TAGS: Record<Locale, string> = { vi: 'vi-VN', en: 'en-GB' };

/** A number with at most `digits` decimals, grouped by thousands. */
export function formatNumber(value: number, locale: Locale, digits = 2): string {
  return new Intl.NumberFormat(TAGS[locale], { maximumFractionDigits: digits }).format(value);
}

/** Hectares always with two decimals, as the server records them. */
export function formatHectares(value: number, locale: Locale): string {
  return new Intl.NumberFormat(TAGS[locale], {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  }).format(value);
}
