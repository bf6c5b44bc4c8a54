/** How a level reads to a person: a scale's label, or a number in the locale's way with its unit. */
import type { Localized } from '../i18n.ts';
import type { IndicatorLevel } from './indicator.ts';
import type { OrdinalScale, Standard } from './rule-set.ts';

const numberFormat = {
  vi: new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 }),
  en: new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }),
};

/** A level as a person reads it: "20.000 người" / "20,000 people", or the level's label. */
export function levelLabel(
  standard: Standard,
  scale: OrdinalScale | undefined,
  level: IndicatorLevel,
): Localized {
  if (scale) {
    const found = scale.levels.find((l) => l.id === String(level));
    return found?.label ?? { vi: String(level), en: String(level) };
  }
  const unit = (locale: 'vi' | 'en') => (standard.unit ? ` ${standard.unit[locale]}` : '');
  const n = typeof level === 'number' ? level : Number(level);
  return {
    vi: `${numberFormat.vi.format(n)}${unit('vi')}`,
    en: `${numberFormat.en.format(n)}${unit('en')}`,
  };
}
