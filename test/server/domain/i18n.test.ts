import { expect, test } from 'vitest';
import { localeFromHeader } from '../../../server/domain/i18n.ts';

// The most preferred of vi/en by q-value (1 when absent, q=0 means "not this one"); the first
// listed wins a tie; Vietnamese when neither is acceptable.
test.each<[string | null | undefined, 'vi' | 'en', string]>([
  [undefined, 'vi', 'no header: Vietnamese first'],
  [null, 'vi', 'no header'],
  ['', 'vi', 'an empty header'],
  ['vi', 'vi', 'Vietnamese'],
  ['vi-VN,en;q=0.8', 'vi', 'Vietnamese preferred over English'],
  ['vi-VN,en', 'vi', 'both at q=1: the first listed'],
  ['en', 'en', 'English'],
  ['EN-us', 'en', 'English in any case'],
  ['en-GB', 'en', 'a regional English'],
  ['en-GB,vi;q=0.5', 'en', 'English preferred'],
  ['fr-FR,en;q=0.5', 'en', 'a language the interface lacks, then English'],
  ['fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7', 'en', 'a French browser that also reads English'],
  ['en;q=0.3,vi;q=0.8', 'vi', 'Vietnamese has the higher q though listed second'],
  ['vi;q=0.5,en;q=0.9', 'en', 'English has the higher q though listed second'],
  ['fr', 'vi', 'only a language the interface lacks'],
  ['en;q=0', 'vi', 'English refused with q=0'],
  ['en;q=0,fr', 'vi', 'English refused, the other language lacking'],
])('Accept-Language %j answers %s (%s)', (header, expected, _why) => {
  expect(localeFromHeader(header)).toBe(expected);
});
