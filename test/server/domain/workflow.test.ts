import { describe, expect, test } from 'vitest';
import {
  VIOLATION_STATUSES,
  violationWorkflow,
  type ViolationStatus,
} from '../../../server/domain/violations/violation-statuses.ts';
import { allowedMoves } from '../../../server/domain/engine/workflow.ts';
import type { ViolationStepInput } from '../../../server/domain/violations/violation.ts';
import { applyStep } from '../../../server/domain/violations/workflow.ts';
import { makeViolation, refusal } from '../helpers.ts';

const AT = { now: '2026-03-10T03:00:00.000Z', today: '2026-03-10' };

/** A case in `status` whose last step was taken on `date`. */
function caseAt(status: ViolationStatus, date = '2026-03-05') {
  const v = makeViolation({ status });
  v.properties.steps = [{ ...v.properties.steps[0]!, status, date }];
  return v;
}

/** What each target status needs, so that only the move itself is judged. */
const NEEDS: Partial<Record<ViolationStatus, Partial<ViolationStepInput>>> = {
  recorded: { record_number: '15/BB-TTĐT' },
  decided: { decision_number: '120/QĐ-XPHC' },
  dismissed: { note: 'Công trình đã có giấy phép' },
};

// DOMAIN.md §2: reported → verified → recorded → decided → remedied | enforced → closed;
// reported or verified → dismissed.
const ALLOWED: [ViolationStatus, ViolationStatus][] = [
  ['reported', 'verified'],
  ['reported', 'dismissed'],
  ['verified', 'recorded'],
  ['verified', 'dismissed'],
  ['recorded', 'decided'],
  ['decided', 'remedied'],
  ['decided', 'enforced'],
  ['remedied', 'closed'],
  ['enforced', 'closed'],
];

describe('status moves', () => {
  test('the transition table holds exactly the enforcement steps of DOMAIN.md', () => {
    const pairs = Object.entries(violationWorkflow.moves).flatMap(([from, tos]) =>
      tos.map((to) => [from, to]),
    );
    expect(pairs).toHaveLength(ALLOWED.length);
    expect(pairs).toEqual(expect.arrayContaining(ALLOWED));
  });

  test.each(ALLOWED)('moves a case from %s to %s', (from, to) => {
    const before = caseAt(from);
    const after = applyStep(before, { to, ...NEEDS[to] }, AT);
    expect(after.properties.status).toBe(to);
    expect(after.properties.version).toBe(before.properties.version + 1);
    expect(after.properties.updated_at).toBe(AT.now);
    expect(after.properties.steps).toHaveLength(2);
    expect(after.properties.steps[1]).toMatchObject({
      status: to,
      date: AT.today,
      entered_at: AT.now,
    });
    expect(allowedMoves(violationWorkflow, from)).toContain(to);
  });

  test.each<[ViolationStatus, ViolationStatus]>([
    ['reported', 'recorded'],
    ['reported', 'decided'],
    ['reported', 'closed'],
    ['reported', 'reported'],
    ['verified', 'decided'],
    ['verified', 'remedied'],
    ['recorded', 'dismissed'],
    ['recorded', 'closed'],
    ['decided', 'dismissed'],
    ['decided', 'closed'],
    ['remedied', 'enforced'],
    ['enforced', 'remedied'],
    ['remedied', 'decided'],
  ])('refuses the move %s → %s', (from, to) => {
    const error = refusal(() => applyStep(caseAt(from), { to, ...NEEDS[to] }, AT));
    expect(error.code).toBe('ILLEGAL_TRANSITION');
    expect(error.details).toMatchObject({ from, to });
  });

  test.each(
    VIOLATION_STATUSES.flatMap(
      (to) =>
        [
          ['closed', to],
          ['dismissed', to],
        ] as const,
    ),
  )('a finished case (%s) cannot move to %s', (from, to) => {
    const error = refusal(() => applyStep(caseAt(from), { to, ...NEEDS[to] }, AT));
    expect(error.code).toBe('ILLEGAL_TRANSITION');
    expect(error.text.en).toContain('finished');
  });

  test('names the allowed next steps in both languages', () => {
    const error = refusal(() => applyStep(caseAt('recorded'), { to: 'closed' }, AT));
    expect(error.text.vi).toContain('Đã ra quyết định xử phạt');
    expect(error.text.en).toContain('Penalty decided');
    expect(error.details).toMatchObject({ allowed: ['decided'] });
  });

  test('leaves the case it was given unchanged', () => {
    const before = caseAt('reported');
    const copy = structuredClone(before);
    applyStep(before, { to: 'verified' }, AT);
    expect(before).toEqual(copy);
  });
});

describe('what a step must carry', () => {
  test.each<[ViolationStatus, ViolationStatus, keyof ViolationStepInput]>([
    ['verified', 'recorded', 'record_number'],
    ['recorded', 'decided', 'decision_number'],
    ['reported', 'dismissed', 'note'],
    ['verified', 'dismissed', 'note'],
  ])('from %s, the step to %s needs %s', (from, to, field) => {
    for (const input of [{ to }, { to, [field]: '' }]) {
      const error = refusal(() => applyStep(caseAt(from), input, AT));
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.details).toEqual({ missing: [field] });
    }
    const moved = applyStep(caseAt(from), { to, [field]: 'x' }, AT);
    expect(moved.properties.status).toBe(to);
  });

  test('keeps the step details, actor and note', () => {
    const moved = applyStep(
      caseAt('verified'),
      {
        to: 'recorded',
        record_number: '15/BB',
        complex: true,
        actor: 'Nguyễn Văn A',
        note: 'Có mặt',
      },
      AT,
    );
    const step = moved.properties.steps.at(-1)!;
    expect(step.details).toEqual({ record_number: '15/BB', complex: true });
    expect(step).toMatchObject({ actor: 'Nguyễn Văn A', note: 'Có mặt' });
  });
});

describe('the date of a step', () => {
  // The previous step was on 2026-03-05; today is 2026-03-10.
  test.each([
    ['2026-03-11', 'tomorrow'],
    ['2027-01-01', 'next year'],
    ['2026-03-04', 'the day before the previous step'],
  ])('refuses %s (%s)', (date) => {
    const error = refusal(() => applyStep(caseAt('reported'), { to: 'verified', date }, AT));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details).toEqual({ field: 'date' });
  });

  test('names the allowed dates as each language writes them: dd/mm/yyyy and YYYY-MM-DD', () => {
    const error = refusal(() =>
      applyStep(caseAt('reported'), { to: 'verified', date: '2026-03-11' }, AT),
    );
    expect(error.text.vi).toContain('05/03/2026');
    expect(error.text.vi).toContain('10/03/2026');
    expect(error.text.vi).not.toContain('2026-03');
    expect(error.text.en).toContain('2026-03-05');
    expect(error.text.en).toContain('2026-03-10');
  });

  test.each([
    ['2026-03-05', 'the day of the previous step'],
    ['2026-03-10', 'today'],
  ])('accepts %s (%s)', (date) => {
    const moved = applyStep(caseAt('reported'), { to: 'verified', date }, AT);
    expect(moved.properties.steps.at(-1)!.date).toBe(date);
  });

  test('is today when the step gives none', () => {
    const moved = applyStep(caseAt('reported'), { to: 'verified' }, AT);
    expect(moved.properties.steps.at(-1)!.date).toBe(AT.today);
  });
});

describe('the dates a decision refers to', () => {
  // The case was recorded on 2026-03-05; the decision is dated 2026-03-06; today is 2026-03-10.
  const decide = (extra: Partial<ViolationStepInput>) =>
    applyStep(
      caseAt('recorded'),
      { to: 'decided', decision_number: '120/QĐ-XPHC', date: '2026-03-06', ...extra },
      AT,
    );

  test.each([
    ['2026-03-06', 'the day of the decision'],
    ['2026-03-10', 'today'],
  ])('accepts the decision received on %s (%s)', (received_date) => {
    expect(decide({ received_date }).properties.steps.at(-1)!.details).toMatchObject({
      received_date,
    });
  });

  test.each([
    ['2026-03-05', 'the day before the decision'],
    ['2026-03-11', 'tomorrow'],
  ])('refuses the decision received on %s (%s)', (received_date) => {
    const error = refusal(() => decide({ received_date }));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details).toEqual({ field: 'received_date' });
    expect(error.text.vi).toContain('06/03/2026');
    expect(error.text.en).toContain('2026-03-06');
  });

  test('a decision dated today can only have been received today', () => {
    const at = { now: '2026-03-06T03:00:00.000Z', today: '2026-03-06' };
    const error = refusal(() =>
      applyStep(
        caseAt('recorded'),
        { to: 'decided', decision_number: '120/QĐ-XPHC', received_date: '2026-03-07' },
        at,
      ),
    );
    expect(error.details).toEqual({ field: 'received_date' });
  });

  test.each([
    ['2026-03-06', 'the day of the decision'],
    ['2027-01-01', 'months ahead: there is no upper bound'],
  ])('accepts a remedy deadline of %s (%s)', (remedy_deadline) => {
    expect(decide({ remedy_deadline }).properties.deadline).toBe(remedy_deadline);
  });

  test('refuses a remedy deadline the day before the decision', () => {
    const error = refusal(() => decide({ remedy_deadline: '2026-03-05' }));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details).toEqual({ field: 'remedy_deadline' });
    expect(error.text.vi).toContain('06/03/2026');
    expect(error.text.en).toContain('2026-03-06');
  });
});
