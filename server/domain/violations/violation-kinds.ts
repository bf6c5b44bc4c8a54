/** Violation kinds as data: labels, legal basis (secondary sources, DOMAIN.md §2) and map colour. */
import type { Localized } from '../i18n.ts';

export const VIOLATION_KINDS = [
  'illegal_construction',
  'illegal_grading',
  'road_encroachment',
  'sidewalk_encroachment',
  'land_encroachment',
  'other',
] as const;

export type ViolationKind = (typeof VIOLATION_KINDS)[number];

export interface ViolationKindEntry {
  label: Localized;
  /** Usual legal basis as quoted by secondary sources; shown as a hint, never enforced. */
  legalBasis: string;
  /** Fill colour on the map and in legends (colour-blind-safe palette, Okabe–Ito). */
  color: string;
}

export const violationKindCatalog: Record<ViolationKind, ViolationKindEntry> = {
  illegal_construction: {
    label: { vi: 'Xây dựng không phép, sai phép', en: 'Unlicensed construction' },
    legalBasis: 'NĐ 16/2022/NĐ-CP, Điều 16',
    color: '#D55E00',
  },
  illegal_grading: {
    label: { vi: 'San ủi, san lấp trái phép', en: 'Illegal grading' },
    legalBasis: 'Luật Đất đai 2024; NĐ 123/2024/NĐ-CP, Điều 14 (sửa đổi bởi NĐ 281/2026)',
    color: '#8C564B',
  },
  road_encroachment: {
    label: { vi: 'Lấn chiếm lòng đường', en: 'Roadway encroachment' },
    legalBasis: 'NĐ 168/2024/NĐ-CP, Điều 12 (sửa đổi bởi NĐ 238/2026)',
    color: '#0072B2',
  },
  sidewalk_encroachment: {
    label: { vi: 'Lấn chiếm vỉa hè, lề đường', en: 'Sidewalk encroachment' },
    legalBasis: 'NĐ 168/2024/NĐ-CP, Điều 12 (sửa đổi bởi NĐ 238/2026)',
    color: '#56B4E9',
  },
  land_encroachment: {
    label: { vi: 'Lấn, chiếm đất công', en: 'Public land encroachment' },
    legalBasis: 'NĐ 123/2024/NĐ-CP',
    color: '#CC79A7',
  },
  other: {
    label: { vi: 'Vi phạm khác', en: 'Other' },
    legalBasis: '—',
    color: '#7F7F7F',
  },
};
