/**
 * What a scorecard or a gap is about: the urban area as a whole, or one ward. The urban area of
 * Bắc Kạn since 1 July 2025 is phường Bắc Kạn plus phường Đức Xuân (DOMAIN.md §1); xã Phong Quang
 * is served by the office but is not urban.
 */
import { z } from 'zod';

/** The two urban wards, by period-keyed code as records keep them. */
export const URBAN_WARD_CODES = ['2025-01843', '2025-01840'] as const;

export const URBAN_SCOPE = 'urban';

/** 'urban', or a period-keyed ward code ("2025-01843"). Whether the ward exists is checked later. */
export const scopeSchema = z.union([
  z.literal(URBAN_SCOPE),
  z.string().regex(/^\d{4}-\d{5}$/, "'urban' or a ward code such as 2025-01843"),
]);
export type Scope = z.infer<typeof scopeSchema>;

/** The wards a scope covers. */
export function wardsOfScope(scope: Scope): string[] {
  return scope === URBAN_SCOPE ? [...URBAN_WARD_CODES] : [scope];
}
