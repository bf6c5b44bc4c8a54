/**
 * A text a record requires must show something: one made only of characters that draw nothing
 * (spaces of every width, zero-width and format characters, combining marks with no letter,
 * control characters, blank fillers) reads as empty yet passes a length check.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { textField } from '../../../server/domain/text-field.ts';
import { violationCreateSchema } from '../../../server/domain/violations/violation.ts';
import { projectCreateSchema } from '../../../server/domain/projects/project.ts';
import { gapCreateSchema } from '../../../server/domain/gaps/gap.ts';
import { reportBody } from '../helpers.ts';
import { projectBody } from '../project-fixtures.ts';
import { gapBody } from '../gap-fixtures.ts';

/** Characters that draw nothing, by kind; NUL is left out (refused for a reason of its own). */
const INVISIBLE = [
  // spaces and line breaks, ASCII and Unicode (ideographic space U+3000 among them)
  ' \t\n\r\v\f\u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a',
  '\u2028\u2029\u202f\u205f\u3000',
  // zero-width and other format characters: ZWSP, ZWNJ, ZWJ, word joiner, BOM, soft hyphen,
  // direction marks, invisible operators, Mongolian vowel separator, a tag character
  '\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u202a\u202e\u2061\u2062\u2063\u2064\u180e',
  '\u{e0020}\u{e0041}',
  // combining marks with nothing to combine with: the Vietnamese tone marks, a grapheme joiner,
  // a variation selector
  '\u0300\u0301\u0303\u0309\u0323\u034f\ufe0f',
  // control characters
  '\u0001\u0007\u001b\u007f\u0080\u009f',
  // blank fillers that are letters or symbols by category: Hangul fillers, braille blank
  '\u3164\u115f\u1160\uffa0\u2800',
].flatMap((s) => [...s]);

const invisibleText = fc
  .array(fc.constantFrom(...INVISIBLE), { minLength: 1, maxLength: 40 })
  .map((chars) => chars.join(''));

describe('textField refuses text made only of invisible characters', () => {
  test('any mix of them, for a required and an optional text', () => {
    const required = textField(200).min(1);
    const optional = textField(200).optional();
    fc.assert(
      fc.property(invisibleText, (text) => {
        expect(required.safeParse(text).success).toBe(false);
        // Blank after trimming is empty, which an optional text may be; anything else is refused.
        const trimmed = text.trim();
        expect(optional.safeParse(text).success).toBe(trimmed === '');
      }),
    );
  });

  test('the refusal says so in both languages', () => {
    const result = textField(200).min(1).safeParse('\u200b\u200b');
    expect(result.success).toBe(false);
    const message = result.error!.issues[0]!.message;
    expect(message).toMatch(/không nhìn thấy/);
    expect(message).toMatch(/invisible/);
  });

  test('in a report description, a project name and a gap title', () => {
    fc.assert(
      fc.property(invisibleText, (text) => {
        const report = violationCreateSchema.safeParse(
          reportBody(undefined, { description: text }),
        );
        expect(report.success).toBe(false);
        const project = projectCreateSchema.safeParse(projectBody({ name: text }));
        expect(project.success).toBe(false);
        const gap = gapCreateSchema.safeParse(gapBody({ title: text }));
        expect(gap.success).toBe(false);
      }),
      { numRuns: 50 },
    );
  });
});

describe('textField keeps real text with invisible characters in it', () => {
  test.each([
    ['Vietnamese, composed', 'Lấn chiếm vỉa hè'],
    [
      'Vietnamese, decomposed (NFD: letters and combining marks)',
      'Lấn chiếm vỉa hè'.normalize('NFD'),
    ],
    ['a word joined by ZWJ and ZWSP', 'số\u200b12\u200dA'],
    ['a single digit', '7'],
    ['a single punctuation mark', '?'],
    ['an emoji', '🚧'],
    ['Korean, next to a Hangul filler', '\u3164한'],
  ])('%s', (_, text) => {
    expect(textField(200).min(1).safeParse(text)).toMatchObject({ success: true });
  });
});
