import { expect, test } from 'vitest';
import { localeFromHeader } from '../../../server/domain/i18n.ts';

test.each<[string | null | undefined, 'vi' | 'en', string]>([
  [undefined, 'vi', 'no header: Vietnamese first'],
  [null, 'vi', 'no header'],
  ['', 'vi', 'an empty header'],
  ['vi', 'vi', 'Vietnamese'],
  ['vi-VN,en;q=0.8', 'vi', 'Vietnamese preferred over English'],
  ['en', 'en', 'English'],
  ['EN-us', 'en', 'English in any case'],
  ['en-GB,vi;q=0.5', 'en', 'English preferred'],
  ['fr-FR,en;q=0.5', 'vi', 'a language the interface lacks'],
])('Accept-Language %j answers %s (%s)', (header, expected, _why) => {
  expect(localeFromHeader(header)).toBe(expected);
});
