/** Sign-in returns to a page of this app, never to another site and never to an error. */
import { describe, expect, test } from 'vitest';
import { safeNext } from '../../../web/src/lib/state/safe-next.ts';

describe('where sign-in returns to', () => {
  test.each([
    ['/violations/42', '/violations/42'],
    ['/?map=15/22.1445/105.8320&layers=violations', '/?map=15/22.1445/105.8320&layers=violations'],
    ['/admin/audit#top', '/admin/audit#top'],
  ])('keeps a path of the app: %s', (next, expected) => {
    expect(safeNext(next)).toBe(expected);
  });

  test.each([
    null,
    '',
    '/\\evil.example',
    '\\\\evil.example',
    '//evil.example',
    '///evil.example',
    '/\t/evil.example',
    'https://evil.example',
    'http://localhost:8080/',
    'javascript:alert(1)',
    'evil.example',
    '/login',
    '/login?next=/account',
  ])('falls back to the map for %j', (next) => {
    expect(safeNext(next)).toBe('/');
  });
});
