import { describe, expect, test } from 'vitest';
import {
  ENFORCEMENT_RULE_SETS,
  enforcementRulesOn,
} from '../../../../server/domain/rules/enforcement-deadlines.ts';
import { isOverdue, toViolationFeature } from '../../../../server/domain/violation.ts';
import { applyStep, deadlineAfter } from '../../../../server/domain/workflow.ts';
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

  test.each([
    ['2026-01-31', '2026-02-28'], // February is shorter: its last day
    ['2024-01-31', '2024-02-29'], // a leap year
    ['2026-03-31', '2026-04-30'],
    ['2026-03-15', '2026-04-15'],
    ['2026-12-20', '2027-01-20'], // across the year
  ])('a complex case recorded on %s gives the decision one month: %s', (date, expected) => {
    expect(deadlineAfter({ status: 'recorded', date, details: { complex: true } })).toBe(expected);
  });

  test.each([
    ['counted from the day it was received', { received_date: '2026-03-04' }, '2026-03-14'],
    ['counted from the decision when no receipt is known', {}, '2026-03-12'],
    ['across a month end', { received_date: '2026-02-25' }, '2026-03-07'],
    ['as the decision states it', { remedy_deadline: '2026-06-30' }, '2026-06-30'],
    [
      'as stated, even with a receipt date',
      { received_date: '2026-03-04', remedy_deadline: '2026-04-15' },
      '2026-04-15',
    ],
  ])('a decision of 2026-03-02 gives 10 days to comply, %s', (_, details, expected) => {
    expect(deadlineAfter({ status: 'decided', date: '2026-03-02', details })).toBe(expected);
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
    expect(decided.properties.deadline).toBe('2026-05-17');
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
    const oldest = [...ENFORCEMENT_RULE_SETS].sort((a, b) => a.validFrom.localeCompare(b.validFrom))[0]!;
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
