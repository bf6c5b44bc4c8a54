/** The two interface languages; Vietnamese first. */
export const LOCALES = ['vi', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** A text in every interface language. */
export type Localized = Record<Locale, string>;

/** Picks the language from an Accept-Language header: English only when asked for first. */
export function localeFromHeader(header: string | null | undefined): Locale {
  const first = (header ?? '').split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'vi';
}
