/**
 * Enforcement steps of a violation: each through the record engine with the violation workflow
 * (violation-statuses.ts), with its date checked and the deadline it sets for the next.
 */
import { violationWorkflow } from './violation-statuses.ts';
import { addPeriod } from '../dates.ts';
import { checkMove } from '../engine/workflow.ts';
import { enforcementRulesOn } from './enforcement-deadlines.ts';
import { checkStepDates } from './step-dates.ts';
import type { Violation, ViolationStep, ViolationStepInput } from './violation.ts';

/** The deadline a step sets for the next one, from the rules in force on the step's date. */
export function deadlineAfter(
  step: Pick<ViolationStep, 'status' | 'date' | 'details'>,
): string | null {
  const rules = enforcementRulesOn(step.date);
  if (step.status === 'recorded') {
    return addPeriod(
      step.date,
      step.details.complex === true ? rules.decisionAfterRecordComplex : rules.decisionAfterRecord,
    );
  }
  if (step.status === 'decided') {
    const stated = step.details.remedy_deadline;
    if (typeof stated === 'string') return stated;
    const received = step.details.received_date;
    return addPeriod(
      typeof received === 'string' ? received : step.date,
      rules.complianceAfterDecision,
    );
  }
  return null;
}

const DETAIL_FIELDS = [
  'record_number',
  'complex',
  'decision_number',
  'received_date',
  'remedy_deadline',
] as const;

/** The record after one more step; refuses an illegal move or a step missing what it needs. */
export function applyStep(
  violation: Violation,
  input: ViolationStepInput,
  at: { now: string; today: string },
): Violation {
  const from = violation.properties.status;
  const to = input.to;
  checkMove(violationWorkflow, from, to, input);
  const date = input.date ?? at.today;
  checkStepDates(input, date, violation.properties.steps.at(-1)?.date, at.today);
  const details: Record<string, string | boolean> = {};
  for (const field of DETAIL_FIELDS) {
    const value = input[field];
    if (value !== undefined) details[field] = value;
  }
  const partial = { status: to, date, details };
  const step: ViolationStep = {
    ...partial,
    actor: input.actor || null,
    note: input.note || null,
    deadline: deadlineAfter(partial),
    entered_at: at.now,
  };
  return {
    ...violation,
    properties: {
      ...violation.properties,
      status: to,
      deadline: step.deadline,
      steps: [...violation.properties.steps, step],
      updated_at: at.now,
      version: violation.properties.version + 1,
    },
  };
}
