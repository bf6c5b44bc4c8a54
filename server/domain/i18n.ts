/** The two interface languages; Vietnamese first. */
export const LOCALES = ['vi', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** A text in every interface language. */
export type Localized = Record<Locale, string>;

/**
 * Picks the interface language from an Accept-Language header: the most preferred of the two we
 * speak (q-values honoured), Vietnamese when neither is asked for.
 */
export function localeFromHeader(header: string | null | undefined): Locale {
  let best: { locale: Locale; q: number } | null = null;
  for (const part of (header ?? '').split(',')) {
    const [tag = '', ...params] = part.trim().toLowerCase().split(';');
    const locale = LOCALES.find((l) => tag === l || tag.startsWith(`${l}-`));
    if (!locale) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (Number.isFinite(q) && q > 0 && (!best || q > best.q)) best = { locale, q };
  }
  return best?.locale ?? 'vi';
}
