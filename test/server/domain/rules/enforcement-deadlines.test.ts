import { describe, expect, test } from 'vitest';
import {
  ENFORCEMENT_RULE_SETS,
  enforcementRulesOn,
} from '../../../../server/domain/violations/enforcement-deadlines.ts';
import { isOverdue, toViolationFeature } from '../../../../server/domain/violations/violation.ts';
import { applyStep, deadlineAfter } from '../../../../server/domain/violations/workflow.ts';
import { makeViolation } from '../../helpers.ts';

describe('the deadline each step sets (DOMAIN.md §2)', () => {
  test.each([
    // Fri 24/4/2026: Sat 25, Sun 26, Mon 27 (Giỗ Tổ), Thu 30/4 and Fri 1/5 are not counted;
    // Tue 28, Wed 29, Mon 4, Tue 5, Wed 6, Thu 7, Fri 8 are the seven working days.
    ['a Friday before Giỗ Tổ and 30/4–1/5', '2026-04-24', '2026-05-08'],
    // Fri 6/3/2026, no holiday: Mon 9 … Fri 13 (5), Mon 16 (6), Tue 17 (7).
    ['a plain Friday', '2026-03-06', '2026-03-17'],
    // Fri 13/2/2026: the weekend and Tết (16–20/2) pass; 23–27/2 (5), Mon 2/3 (6), Tue 3/3 (7).
    ['the Friday before Tết Bính Ngọ', '2026-02-13', '2026-03-03'],
    // Wed 11/3/2026: Thu 12, Fri 13, Mon 16 … Fri 20.
    ['a Wednesday', '2026-03-11', '2026-03-20'],
  ])('a record on %s gives the decision 7 working days: %s → %s', (_, date, expected) => {
    expect(deadlineAfter({ status: 'recorded', date, details: {} })).toBe(expected);
  });

  // A one-month or ten-day period ending on a weekend or holiday ends on the next working day
  // (BLDS 2015, Điều 148 khoản 5); weekdays from the calendar, holidays from rules/holidays.ts.
  test.each([
    ['2026-01-31', '2026-03-02'], // clamped to Sat 28/2, then Sun 1/3: Monday 2/3
    ['2024-01-31', '2024-02-29'], // a leap year: Thursday 29/2
    ['2026-03-31', '2026-05-04'], // Thu 30/4 and Fri 1/5 are holidays, then the weekend: Mon 4/5
    ['2026-03-15', '2026-04-15'], // Wednesday 15/4
    ['2026-12-20', '2027-01-20'], // across the year: Wednesday 20/1
  ])('a complex case recorded on %s gives the decision one month: %s', (date, expected) => {
    expect(deadlineAfter({ status: 'recorded', date, details: { complex: true } })).toBe(expected);
  });

  test.each([
    // Received Wed 4/3: 10 days end on Sat 14/3, so Monday 16/3.
    [
      'counted from the day it was received',
      '2026-03-02',
      { received_date: '2026-03-04' },
      '2026-03-16',
    ],
    // Mon 2/3 + 10 days: Thursday 12/3, a working day.
    ['counted from the decision when no receipt is known', '2026-03-02', {}, '2026-03-12'],
    // Received Wed 25/2: 10 days end on Sat 7/3, so Monday 9/3.
    ['across a month end', '2026-02-24', { received_date: '2026-02-25' }, '2026-03-09'],
    // Decided Mon 20/4: 10 days end on Thu 30/4; 1/5 and the weekend pass: Monday 4/5.
    ['past the 30/4–1/5 holidays', '2026-04-20', {}, '2026-05-04'],
    ['as the decision states it', '2026-03-02', { remedy_deadline: '2026-06-30' }, '2026-06-30'],
    [
      'as stated, even with a receipt date',
      '2026-03-02',
      { received_date: '2026-03-04', remedy_deadline: '2026-04-15' },
      '2026-04-15',
    ],
  ])('a decision gives 10 days to comply, %s (decided %s)', (_, date, details, expected) => {
    expect(deadlineAfter({ status: 'decided', date, details })).toBe(expected);
  });

  test.each(['reported', 'verified', 'remedied', 'enforced', 'closed', 'dismissed'] as const)(
    'no legal clock runs after a %s step',
    (status) => {
      expect(deadlineAfter({ status, date: '2026-03-02', details: {} })).toBeNull();
    },
  );

  test('a step sets the case deadline, and the next step without a clock clears it', () => {
    const at = { now: '2026-05-20T03:00:00.000Z', today: '2026-05-20' };
    const verified = makeViolation({ status: 'verified', created_at: '2026-04-20T03:00:00.000Z' });
    const recorded = applyStep(
      verified,
      { to: 'recorded', record_number: '15/BB', date: '2026-04-24' },
      at,
    );
    expect(recorded.properties.deadline).toBe('2026-05-08');
    expect(recorded.properties.steps.at(-1)!.deadline).toBe('2026-05-08');
    const decided = applyStep(
      recorded,
      { to: 'decided', decision_number: '120/QĐ', date: '2026-05-06', received_date: '2026-05-07' },
      at,
    );
    // Received Thu 7/5: 10 days end on Sunday 17/5, so Monday 18/5.
    expect(decided.properties.deadline).toBe('2026-05-18');
    const remedied = applyStep(decided, { to: 'remedied' }, at);
    expect(remedied.properties.deadline).toBeNull();
  });
});

describe('overdue', () => {
  test.each([
    ['2026-03-11', false, 'the day before the deadline'],
    ['2026-03-12', false, 'the deadline day itself'],
    ['2026-03-13', true, 'the day after the deadline'],
    ['2026-04-01', true, 'weeks later'],
  ])('on %s a deadline of 2026-03-12 is overdue: %s (%s)', (today, overdue) => {
    expect(isOverdue('2026-03-12', today)).toBe(overdue);
  });

  test('a case with no deadline is never overdue', () => {
    expect(isOverdue(null, '2099-12-31')).toBe(false);
  });

  test('the API feature carries the overdue flag for the day it is read', () => {
    const v = makeViolation({ status: 'recorded', deadline: '2026-03-12' });
    expect(toViolationFeature(v, '2026-03-12').properties.overdue).toBe(false);
    expect(toViolationFeature(v, '2026-03-13').properties.overdue).toBe(true);
    expect(v.properties).not.toHaveProperty('overdue');
  });
});

describe('rule sets', () => {
  test('the rule in force is the latest one valid on the date, the oldest before any', () => {
    const oldest = [...ENFORCEMENT_RULE_SETS].sort((a, b) =>
      a.validFrom.localeCompare(b.validFrom),
    )[0]!;
    expect(enforcementRulesOn('2000-01-01')).toBe(oldest);
    for (const set of ENFORCEMENT_RULE_SETS) {
      expect(enforcementRulesOn(set.validFrom).validFrom >= set.validFrom).toBe(true);
    }
  });

  test('the current law: 7 working days, 1 month if complex, 10 days to comply', () => {
    const rules = enforcementRulesOn('2026-03-10');
    expect(rules.decisionAfterRecord).toEqual({ unit: 'working_days', amount: 7 });
    expect(rules.decisionAfterRecordComplex).toEqual({ unit: 'months', amount: 1 });
    expect(rules.complianceAfterDecision).toEqual({ unit: 'days', amount: 10 });
    expect(rules.explanationAfterRecord).toEqual({ unit: 'working_days', amount: 5 });
  });
});
