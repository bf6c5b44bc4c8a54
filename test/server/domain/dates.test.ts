import { describe, expect, test } from 'vitest';
import {
  addPeriod,
  endOfLocalDay,
  formatDateVi,
  isCalendarDate,
  isWorkingDay,
  localDate,
  nextWorkingDay,
} from '../../../server/domain/dates.ts';
import { PUBLIC_HOLIDAYS } from '../../../server/domain/rules/holidays.ts';

describe('office dates in Asia/Ho_Chi_Minh (UTC+7, no daylight saving)', () => {
  test.each([
    ['2026-03-10T16:59:59.999Z', '2026-03-10', 'one millisecond before local midnight'],
    ['2026-03-10T17:00:00.000Z', '2026-03-11', 'local midnight'],
    ['2026-03-10T00:00:00.000Z', '2026-03-10', 'UTC midnight is 07:00 local'],
    ['2026-12-31T17:30:00.000Z', '2027-01-01', 'New Year arrives seven hours before UTC'],
    ['2026-07-01T12:00:00.000Z', '2026-07-01', 'summer: still UTC+7'],
  ])('%s is the local date %s (%s)', (instant, expected) => {
    expect(localDate(new Date(instant))).toBe(expected);
  });

  test('a local day ends at 17:00 UTC of the same date', () => {
    expect(endOfLocalDay('2026-03-10')).toBe('2026-03-10T17:00:00.000Z');
  });

  test.each(['2026-03-10', '2026-02-28', '2024-02-29', '2026-12-31'])(
    'the end of %s is the first instant of the next local day',
    (date) => {
      const end = Date.parse(endOfLocalDay(date));
      expect(localDate(new Date(end - 1))).toBe(date);
      expect(localDate(new Date(end))).not.toBe(date);
      expect(localDate(new Date(end)) > date).toBe(true);
    },
  );
});

describe('calendar dates', () => {
  test.each(['2026-02-28', '2024-02-29', '2026-12-31', '2026-01-01'])('accepts %s', (value) => {
    expect(isCalendarDate(value)).toBe(true);
  });

  test.each([
    '2026-02-30',
    '2026-02-29',
    '2026-13-01',
    '2026-04-31',
    '2026-00-10',
    '2026-3-10',
    '10/03/2026',
    '2026-03-10T00:00:00Z',
    ' 2026-03-10',
    '',
  ])('rejects %j', (value) => {
    expect(isCalendarDate(value)).toBe(false);
  });

  test('writes a date as Vietnamese documents do: dd/mm/yyyy', () => {
    expect(formatDateVi('2026-03-05')).toBe('05/03/2026');
  });
});

describe('working days', () => {
  test.each([
    ['2026-03-09', true, 'a Monday'],
    ['2026-03-13', true, 'a Friday'],
    ['2026-03-14', false, 'a Saturday'],
    ['2026-03-15', false, 'a Sunday'],
    ['2026-04-30', false, 'Reunification Day, a Thursday'],
    ['2026-05-01', false, 'Labour Day, a Friday'],
    ['2026-02-17', false, 'Tết, a Tuesday'],
  ])('%s is a working day: %s (%s)', (date, expected) => {
    expect(isWorkingDay(date)).toBe(expected);
  });

  test.each([...PUBLIC_HOLIDAYS])('the holiday %s is not a working day', (date) => {
    expect(isWorkingDay(date)).toBe(false);
  });
});

describe('periods: the last day of a period that starts the day after a date', () => {
  // Weekdays below are read off a 2026–2027 calendar (2026-03-02 and 2026-03-09 are Mondays);
  // holidays are those of server/domain/rules/holidays.ts. A 'days' or 'months' period that ends
  // on a weekend or holiday ends on the next working day (BLDS 2015, Điều 148 khoản 5).
  test.each([
    ['2026-03-10', 10, '2026-03-20', 'ends on Friday 20/3, a working day: unchanged'],
    ['2026-12-25', 10, '2027-01-04', 'ends on Monday 4/1/2027, a working day: unchanged'],
    ['2026-03-10', 0, '2026-03-10', 'no days: Tuesday 10/3 itself'],
    ['2026-02-25', 10, '2026-03-09', 'ends on Saturday 7/3: moves to Monday 9/3'],
    ['2026-03-05', 10, '2026-03-16', 'ends on Sunday 15/3: moves to Monday 16/3'],
    [
      '2026-04-20',
      10,
      '2026-05-04',
      'ends on Thu 30/4 (holiday); Fri 1/5 (holiday), Sat, Sun pass: Mon 4/5',
    ],
    ['2026-08-23', 10, '2026-09-03', 'ends on Wed 2/9 (National Day): Thursday 3/9'],
    ['2026-08-22', 10, '2026-09-03', 'ends on Tue 1/9 (holiday), Wed 2/9 too: Thursday 3/9'],
    [
      '2026-04-15',
      10,
      '2026-04-28',
      'ends on Sat 25/4; Sun 26/4 and Mon 27/4 (Giỗ Tổ) pass: Tue 28/4',
    ],
    [
      '2026-02-04',
      10,
      '2026-02-23',
      'ends on Sat 14/2; Sun, Tết 16–20/2 and the next weekend pass: Mon 23/2',
    ],
    [
      '2025-12-22',
      10,
      '2026-01-05',
      'ends on Thu 1/1 (New Year); Fri 2/1 (holiday), Sat, Sun pass: Mon 5/1',
    ],
  ])('%s + %i days = %s (%s)', (date, amount, expected) => {
    expect(addPeriod(date, { unit: 'days', amount })).toBe(expected);
  });

  test.each([
    // Thu 30/4 and Fri 1/5 are holidays, then the weekend: Monday 4/5 is the first working day.
    ['2026-04-29', 1, '2026-05-04'],
    // Fri 24/4: Mon 27/4 is Giỗ Tổ, so Tue 28/4 is the first working day.
    ['2026-04-24', 1, '2026-04-28'],
    // A Saturday start counts from Monday.
    ['2026-03-14', 1, '2026-03-16'],
    ['2026-03-06', 5, '2026-03-13'],
  ])('%s + %i working days = %s', (date, amount, expected) => {
    expect(addPeriod(date, { unit: 'working_days', amount })).toBe(expected);
  });

  test.each([
    ['2026-01-31', 2, '2026-03-31', 'clamped to the month end, Tuesday 31/3: unchanged'],
    ['2026-03-15', 1, '2026-04-15', 'Wednesday 15/4: unchanged'],
    ['2026-01-31', 1, '2026-03-02', 'clamped to Sat 28/2; Sun 1/3 passes: Monday 2/3'],
    ['2026-01-29', 1, '2026-03-02', '29/2 does not exist in 2026: Sat 28/2, then Monday 2/3'],
    ['2026-02-28', 1, '2026-03-30', 'Sat 28/3: Monday 30/3'],
    ['2026-11-30', 3, '2027-03-01', 'clamped to Sun 28/2/2027: Monday 1/3/2027'],
    [
      '2026-03-31',
      1,
      '2026-05-04',
      'clamped to Thu 30/4 (holiday); Fri 1/5 (holiday), Sat, Sun pass: Mon 4/5',
    ],
  ])('%s + %i months = %s (%s)', (date, amount, expected) => {
    expect(addPeriod(date, { unit: 'months', amount })).toBe(expected);
  });
});

describe('the next working day', () => {
  test.each([
    ['2026-03-10', '2026-03-10', 'a Tuesday is itself'],
    ['2026-03-13', '2026-03-13', 'a Friday is itself'],
    ['2026-03-14', '2026-03-16', 'a Saturday: the Monday'],
    ['2026-03-15', '2026-03-16', 'a Sunday: the Monday'],
    ['2026-04-27', '2026-04-28', 'Giỗ Tổ, a Monday: the Tuesday'],
    ['2026-04-30', '2026-05-04', 'Thu 30/4: past Fri 1/5 and the weekend'],
    ['2026-02-16', '2026-02-23', 'the first day of Tết: past Tết and the weekend after it'],
  ])('after %s is %s (%s)', (date, expected) => {
    expect(nextWorkingDay(date)).toBe(expected);
  });

  test.each([...PUBLIC_HOLIDAYS])('from the holiday %s it lands on a later working day', (date) => {
    const next = nextWorkingDay(date);
    expect(next > date).toBe(true);
    expect(isWorkingDay(next)).toBe(true);
  });
});
