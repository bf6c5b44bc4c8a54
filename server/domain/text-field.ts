/** A free-text field of a record: trimmed, bounded, and storable in every store. */
import { z } from 'zod';

/** Half of a UTF-16 surrogate pair without its other half: not a character at all. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * NUL (U+0000) and lone surrogates are never meaningful text, and PostgreSQL cannot store them in
 * text or jsonb: refused here, with a clear message, rather than failing deep in one store and
 * not in the other.
 */
export const textField = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((s) => !s.includes('\u0000'), { message: 'must not contain the NUL character' })
    .refine((s) => !LONE_SURROGATE.test(s), {
      message: 'must be text: it holds half of a character (a lone UTF-16 surrogate)',
    });
