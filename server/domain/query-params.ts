/** The parts of a list's query string every kind of record reads alike. */
import { z } from 'zod';

/** A list given as "a,b", as a repeated parameter (x=a&x=b), or both; at most 50 values. */
export const commaList = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((v) =>
      (Array.isArray(v) ? v : [v])
        .flatMap((s) => s.split(','))
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item).max(50));

/** A period-keyed ward code. */
export const wardParam = z.string().regex(/^\d{4}-\d{5}$/, 'period-code, e.g. 2025-01843');

/** `true` or `false`, as a flag in an address. */
export const flagParam = z.enum(['true', 'false']).transform((v) => v === 'true');
