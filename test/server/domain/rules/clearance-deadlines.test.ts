import { describe, expect, test } from 'vitest';
import type { ProjectStage } from '../../../../server/domain/projects/project-stages.ts';
import {
  clearanceRulesOn,
  CLEARANCE_RULE_SETS,
} from '../../../../server/domain/projects/clearance-rules.ts';
import {
  nextDeadline,
  openDeadline,
  projectDeadlines,
  type DeadlineInput,
} from '../../../../server/domain/projects/clearance-deadlines.ts';

// Notice Tue 10/3/2026; plan posted Mon 1/6; approved Wed 15/7; paying Mon 20/7; handed over 10/8.
const DATES = {
  announced: '2026-03-10',
  counting: '2026-04-01',
  plan_posted: '2026-06-01',
  plan_approved: '2026-07-15',
  paying: '2026-07-20',
  handed_over: '2026-08-10',
} as const;

/** A project at a stage, with the dates of every stage up to it. */
function at(
  stage: ProjectStage,
  land: DeadlineInput['land_type'] = 'agricultural',
  dates: Partial<Record<ProjectStage, string>> = DATES,
): DeadlineInput {
  const order = Object.keys(DATES) as ProjectStage[];
  const reached = order.slice(0, order.indexOf(stage) + 1);
  return {
    land_type: land,
    stage,
    stage_dates: Object.fromEntries(reached.map((s) => [s, dates[s]])),
  };
}

const judged = (p: DeadlineInput, today: string) =>
  Object.fromEntries(projectDeadlines(p, today).map((d) => [d.key, [d.date, d.status]]));

describe('the clocks of a land-clearance project (DOMAIN.md §3)', () => {
  test.each([
    // 10/3 + 60 days is Sat 9/5/2026: the period ends on Monday 11/5.
    ['agricultural', '2026-05-11'],
    // 10/3 + 120 days is Wednesday 8/7/2026.
    ['other', '2026-07-08'],
  ] as const)('the recovery decision on %s land comes no sooner than %s', (land, date) => {
    expect(judged(at('announced', land), '2026-03-10').recovery_not_before).toEqual([
      date,
      'pending',
    ]);
  });

  test('the notice is valid 12 months', () => {
    expect(judged(at('announced'), '2026-03-10').notice_validity).toEqual([
      '2027-03-10',
      'pending',
    ]);
  });

  test('which clocks run at each stage', () => {
    const today = '2026-08-01';
    const keys = (stage: ProjectStage) => projectDeadlines(at(stage), today).map((d) => d.key);
    expect(keys('announced')).toEqual(['recovery_not_before', 'notice_validity']);
    expect(keys('counting')).toEqual(['recovery_not_before', 'notice_validity']);
    expect(keys('plan_posted')).toEqual([
      'recovery_not_before',
      'notice_validity',
      'plan_posting',
      'dialogue',
    ]);
    for (const stage of ['plan_approved', 'paying', 'handed_over'] as const) {
      expect(keys(stage)).toEqual([
        'recovery_not_before',
        'notice_validity',
        'plan_posting',
        'dialogue',
        'payment',
      ]);
    }
  });

  test('the plan is posted 10 days, and dialogue runs 30 days after the posting', () => {
    // 1/6 + 10 = Thursday 11/6; 11/6 + 30 = Sat 11/7, so Monday 13/7.
    expect(judged(at('plan_posted'), '2026-06-05')).toMatchObject({
      plan_posting: ['2026-06-11', 'pending'],
      dialogue: ['2026-07-13', 'pending'],
    });
  });

  test('payment within 30 days of the approval: met by the handover in time', () => {
    // 15/7 + 30 = Friday 14/8.
    expect(judged(at('paying'), '2026-08-01').payment).toEqual(['2026-08-14', 'pending']);
    expect(judged(at('handed_over'), '2026-09-01').payment).toEqual(['2026-08-14', 'met']);
    expect(judged(at('plan_approved'), '2026-08-01')).toMatchObject({
      recovery_not_before: ['2026-05-11', 'met'],
      notice_validity: ['2027-03-10', 'met'],
      plan_posting: ['2026-06-11', 'met'],
      dialogue: ['2026-07-13', 'late'],
    });
  });

  test('a deadline is kept on its last day and overdue from the next day', () => {
    const paying = at('paying');
    const onTheDay = projectDeadlines(paying, '2026-08-14').find((d) => d.key === 'payment')!;
    const dayAfter = projectDeadlines(paying, '2026-08-15').find((d) => d.key === 'payment')!;
    expect([onTheDay.status, onTheDay.overdue]).toEqual(['pending', false]);
    expect([dayAfter.status, dayAfter.overdue, dayAfter.met]).toEqual(['overdue', true, false]);
  });

  test('a stage that comes after its deadline is late, not overdue', () => {
    const late = at('handed_over', 'agricultural', { ...DATES, handed_over: '2026-08-20' });
    expect(judged(late, '2026-09-01').payment).toEqual(['2026-08-14', 'late']);
  });

  test('an approval before the notice period ends is early', () => {
    const hasty = at('plan_approved', 'other', { ...DATES, plan_approved: '2026-07-01' });
    // Other land: not before 8/7/2026.
    expect(judged(hasty, '2026-07-02').recovery_not_before).toEqual(['2026-07-08', 'early']);
  });

  test('a not-before date passed is met even before the stage comes', () => {
    expect(judged(at('counting'), '2026-05-11').recovery_not_before).toEqual(['2026-05-11', 'met']);
    expect(judged(at('counting'), '2026-05-10').recovery_not_before).toEqual([
      '2026-05-11',
      'pending',
    ]);
  });

  test('the next deadline is the earliest one still to be kept', () => {
    const d = projectDeadlines(at('plan_posted'), '2026-07-14');
    expect(nextDeadline(d)).toMatchObject({
      key: 'dialogue',
      date: '2026-07-13',
      status: 'overdue',
    });
    expect(nextDeadline(projectDeadlines(at('handed_over'), '2026-09-01'))).toBeNull();
    // Judged on no day, the same earliest date: what a store keeps to filter overdue projects.
    expect(openDeadline(at('plan_posted'))).toBe('2026-07-13');
    expect(openDeadline(at('handed_over'))).toBeNull();
  });

  test('a stage reached with no known date keeps its clocks quiet instead of guessing', () => {
    const entered = {
      land_type: 'other' as const,
      stage: 'paying' as const,
      stage_dates: { paying: '2026-07-20' },
    };
    expect(projectDeadlines(entered, '2027-01-01')).toEqual([]);
  });

  test('the rule set in force on the start date applies; the oldest before any', () => {
    expect(clearanceRulesOn('2026-03-10')).toBe(CLEARANCE_RULE_SETS[0]);
    expect(clearanceRulesOn('2000-01-01')).toBe(CLEARANCE_RULE_SETS[0]);
  });
});
