import { describe, expect, test } from 'vitest';
import {
  addPeriod,
  endOfLocalDay,
  formatDateVi,
  isCalendarDate,
  isWorkingDay,
  localDate,
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
  test.each([
    ['2026-03-10', 10, '2026-03-20'],
    ['2026-02-25', 10, '2026-03-07'],
    ['2026-12-25', 10, '2027-01-04'],
    ['2026-03-10', 0, '2026-03-10'],
  ])('%s + %i days = %s', (date, amount, expected) => {
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
    ['2026-01-31', 1, '2026-02-28'],
    ['2026-01-31', 2, '2026-03-31'],
    ['2026-01-29', 1, '2026-02-28'],
    ['2026-02-28', 1, '2026-03-28'],
    ['2026-11-30', 3, '2027-02-28'],
  ])('%s + %i months = %s (clamped to the month end)', (date, amount, expected) => {
    expect(addPeriod(date, { unit: 'months', amount })).toBe(expected);
  });
});
