/** Whether an entered value fits its standard: a number for a measured one, a level id for an ordinal one. */
import { DomainError } from '../errors.ts';
import type { IndicatorLevel } from './indicator.ts';
import { scaleOf, type RuleSet, type Standard } from './rule-set.ts';

export function checkLevel(
  ruleSet: RuleSet,
  standard: Standard,
  value: IndicatorLevel,
  field = 'value',
): void {
  const scale = scaleOf(ruleSet, standard);
  if (scale) {
    if (scale.levels.some((l) => l.id === String(value))) return;
    const list = (locale: 'vi' | 'en') =>
      scale.levels.map((l) => `${l.id} (${l.label[locale]})`).join(', ');
    throw new DomainError(
      'VALIDATION_FAILED',
      {
        vi: `Tiêu chuẩn ${standard.code} đánh giá theo mức: chọn một trong ${list('vi')}.`,
        en: `Standard ${standard.code} is rated by level: use one of ${list('en')}.`,
      },
      { field, levels: scale.levels.map((l) => l.id) },
    );
  }
  if (typeof value !== 'number') {
    throw new DomainError(
      'VALIDATION_FAILED',
      {
        vi: `Tiêu chuẩn ${standard.code} cần một số${standard.unit ? ` (${standard.unit.vi})` : ''}.`,
        en: `Standard ${standard.code} needs a number${standard.unit ? ` (${standard.unit.en})` : ''}.`,
      },
      { field },
    );
  }
}
