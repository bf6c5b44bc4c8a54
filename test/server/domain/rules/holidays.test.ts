import { expect, test } from 'vitest';
import { isCalendarDate } from '../../../../server/domain/dates.ts';
import { PUBLIC_HOLIDAYS } from '../../../../server/domain/rules/holidays.ts';

// The list holds only days off that fall on weekdays: a typo there silently moves deadlines.
test.each(PUBLIC_HOLIDAYS.map((d) => [d]))('holiday %s is a real weekday', (date) => {
  expect(isCalendarDate(date)).toBe(true);
  expect([0, 6]).not.toContain(new Date(`${date}T00:00:00Z`).getUTCDay());
});

test('lists each holiday once, in order', () => {
  expect([...new Set(PUBLIC_HOLIDAYS)].sort()).toEqual(PUBLIC_HOLIDAYS);
});

test.each(['2026-01-01', '2026-04-30', '2026-05-01', '2026-09-02'])(
  'includes the fixed holiday %s of 2026 (Bộ luật Lao động 2019, Điều 112)',
  (date) => {
    expect(PUBLIC_HOLIDAYS).toContain(date);
  },
);
