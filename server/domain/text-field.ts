/** A free-text field of a record: trimmed, bounded, and storable in every store. */
import { z } from 'zod';

/** Half of a UTF-16 surrogate pair without its other half: not a character at all. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * A character a reader sees: a letter, digit, punctuation mark or symbol. Spaces of any width,
 * format characters (zero-width space and joiners, BOM, soft hyphen, direction marks), control
 * characters and combining marks on their own draw nothing. The Hangul fillers and the braille
 * blank are letters or symbols by category yet draw nothing either, so they do not count.
 */
const VISIBLE = /(?![\u115F\u1160\u3164\uFFA0\u2800])[\p{L}\p{N}\p{P}\p{S}]/u;

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
    })
    // Trimming empties a text of plain spaces; one of zero-width or other blank characters would
    // pass a required field's length check and show as nothing on the map, in lists and exports.
    .refine((s) => s === '' || VISIBLE.test(s), {
      message:
        'chỉ gồm ký tự không nhìn thấy (khoảng trắng, ký tự độ rộng 0…): hãy nhập nội dung / ' +
        'holds only invisible characters (spaces, zero-width characters…): type some text',
    });
