/**
 * Indicator values: the measured level of one standard for one scope, with where the number came
 * from. Entered values are versioned like records; some are computed from the layers instead.
 */
import { z } from 'zod';
import { textField } from '../text-field.ts';
import type { Localized } from '../i18n.ts';
import type { Scope } from './scope.ts';

export const INDICATOR_SOURCES = ['statistics', 'survey', 'computed'] as const;
export type IndicatorSource = (typeof INDICATOR_SOURCES)[number];

export const indicatorSourceCatalog: Record<IndicatorSource, { label: Localized }> = {
  statistics: { label: { vi: 'Số liệu thống kê', en: 'Official statistics' } },
  survey: { label: { vi: 'Điều tra, khảo sát', en: 'Survey' } },
  computed: { label: { vi: 'Tính từ dữ liệu bản đồ', en: 'Computed from the map layers' } },
};

/** A number for a measured standard, a level id for an ordinal one. */
export const indicatorValueSchema = z.union([
  z.number().finite().min(0).max(1e12),
  textField(60).min(1),
]);
export type IndicatorLevel = z.infer<typeof indicatorValueSchema>;

/** PUT /api/criteria/{ruleSet}/indicators/{code}?scope=…: a value and where it came from. */
export const indicatorInputSchema = z.strictObject({
  value: indicatorValueSchema,
  source: z.enum(INDICATOR_SOURCES),
  /** Where to check it: "Niên giám thống kê tỉnh Thái Nguyên 2025, bảng 2.3". */
  note: textField(1000).min(1),
  /** The version replaced; absent for a first value. Guards lost updates. */
  version: z.number().int().positive().optional(),
  reason: textField(500).optional(),
});
export type IndicatorInput = z.infer<typeof indicatorInputSchema>;

/** An entered value as stored and versioned. */
export interface IndicatorValue {
  rule_set: string;
  code: string;
  scope: Scope;
  value: IndicatorLevel;
  source: IndicatorSource;
  note: string;
  entered_by: string | null;
  entered_at: string;
  version: number;
}

/** The id of an entered value in the version table. */
export function indicatorKey(ruleSet: string, code: string, scope: string): string {
  return `${ruleSet}/${code}/${scope}`;
}

/** A value as the scorecard uses it: entered, computed from the layers, or missing. */
export interface ResolvedIndicator {
  value: IndicatorLevel | null;
  source: IndicatorSource | null;
  /** How it was computed, or the note entered with it. */
  note: string | null;
  /** The entered value's version (for PUT), null when computed or missing. */
  version: number | null;
}
