import { beforeEach, describe, expect, test } from 'vitest';
import type { Violation } from '../../../server/domain/violation.ts';
import { createSqliteStore } from '../../../server/store/sqlite/sqlite-store.ts';
import type { Store } from '../../../server/store/store.ts';
import { makeViolation } from '../helpers.ts';

const AUDIT = { user: null, at: '2026-03-10T03:00:00.000Z' };
const FUTURE = '2030-01-01T00:00:00.000Z';

let store: Store;
let ducXuan: Violation;
let encroach: Violation;
let other: Violation;

beforeEach(() => {
  store = createSqliteStore(':memory:');
  // Kind "other" everywhere, so that only description and address are searched.
  ducXuan = makeViolation({ description: 'Đổ phế thải', address: 'Tổ 3, phường Đức Xuân' });
  encroach = makeViolation({ description: 'Quán nước lấn chiếm vỉa hè đường Trường Chinh' });
  other = makeViolation({ description: 'Xây tường rào sai phép', address: 'Thôn Nà Pài' });
  for (const v of [ducXuan, encroach, other]) store.violations.insert(v, 'create', AUDIT);
});

const search = (q: string) =>
  store.violations.list({ q, limit: 100, offset: 0 }).items.map((v) => v.id);
const searchAsOf = (q: string) =>
  store.violations.listAsOf(FUTURE, { q, limit: 100, offset: 0 }).items.map((v) => v.id);

describe('text search ignores diacritics and đ', () => {
  test.each([
    ['duc xuan', () => [ducXuan.id]],
    ['Đức Xuân', () => [ducXuan.id]],
    ['ĐỨC XUÂN', () => [ducXuan.id]],
    ['Đức Xuân'.normalize('NFD'), () => [ducXuan.id]],
    ['lan chiem', () => [encroach.id]],
    ['lấn chiếm', () => [encroach.id]],
    ['truong chinh', () => [encroach.id]],
    ['duong', () => [encroach.id]], // "đường" in the description; "phường" does not start with it
    ['na pai', () => [other.id]],
  ])('%j finds what it names', (q, expected) => {
    expect(search(q)).toEqual(expected());
    expect(searchAsOf(q)).toEqual(expected());
  });

  test('matches word prefixes, as one types', () => {
    expect(search('chie')).toEqual([encroach.id]);
    expect(search('xua')).toEqual([ducXuan.id]);
  });

  test('needs every word', () => {
    expect(search('duc chiem')).toEqual([]);
    expect(search('via he chinh')).toEqual([encroach.id]);
  });

  test('answers everything for a query with no words', () => {
    expect(search('***')).toHaveLength(3);
  });

  test('finds a record by its new text after an edit, and no longer by the old', () => {
    const next = {
      ...other,
      properties: { ...other.properties, description: 'Đã tháo dỡ', version: 2 },
    };
    expect(store.violations.update(next, 1, 'update', AUDIT)).toBe(true);
    expect(search('tuong rao')).toEqual([]);
    expect(search('thao do')).toEqual([other.id]);
  });
});

describe('user input is never FTS syntax', () => {
  test.each([
    'AND',
    'OR',
    'NOT',
    'duc AND',
    'AND duc',
    '"',
    '"duc',
    '""',
    '*',
    'duc*',
    '^duc',
    'NEAR(',
    'NEAR(duc xuan, 2)',
    '(',
    ')',
    '-duc',
    '+',
    'body:duc',
    "'",
    '{duc xuan}',
    ':',
    '\u0000',
  ])('%j does not error', (q) => {
    expect(() => search(q)).not.toThrow();
    expect(() => searchAsOf(q)).not.toThrow();
  });

  test('operators are searched as words', () => {
    const near = makeViolation({ description: 'Đống cát near cổng chợ and bến xe' });
    store.violations.insert(near, 'create', AUDIT);
    expect(search('NEAR(')).toEqual([near.id]);
    expect(search('"and"')).toEqual([near.id]);
    expect(search('duc AND')).toEqual([]);
  });
});
