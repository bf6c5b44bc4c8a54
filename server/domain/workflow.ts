/**
 * The enforcement workflow: the only gate for status moves. The server refuses with it; the web
 * app offers the buttons it allows.
 */
import { violationStatusCatalog, type ViolationStatus } from './catalog/violation-statuses.ts';
import { addPeriod } from './dates.ts';
import { DomainError } from './errors.ts';
import { enforcementRulesOn } from './rules/enforcement-deadlines.ts';
import { checkStepDates } from './step-dates.ts';
import type { Violation, ViolationStep, ViolationStepInput } from './violation.ts';

/** Moves allowed from each status (DOMAIN.md §2). */
export const TRANSITIONS: Record<ViolationStatus, readonly ViolationStatus[]> = {
  reported: ['verified', 'dismissed'],
  verified: ['recorded', 'dismissed'],
  recorded: ['decided'],
  decided: ['remedied', 'enforced'],
  remedied: ['closed'],
  enforced: ['closed'],
  closed: [],
  dismissed: [],
};

/** Fields a step into a status must carry, with their labels for the error message. */
export const REQUIRED_STEP_FIELDS: Partial<
  Record<ViolationStatus, { field: keyof ViolationStepInput; vi: string; en: string }[]>
> = {
  recorded: [{ field: 'record_number', vi: 'số biên bản', en: 'record number' }],
  decided: [{ field: 'decision_number', vi: 'số quyết định', en: 'decision number' }],
  dismissed: [{ field: 'note', vi: 'lý do huỷ', en: 'reason for dismissal' }],
};

export function nextStatuses(status: ViolationStatus): readonly ViolationStatus[] {
  return TRANSITIONS[status];
}

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
  const labels = violationStatusCatalog;
  if (!TRANSITIONS[from].includes(to)) {
    const allowed = TRANSITIONS[from];
    throw new DomainError(
      'ILLEGAL_TRANSITION',
      {
        vi: `Không thể chuyển từ "${labels[from].label.vi}" sang "${labels[to].label.vi}". ${
          allowed.length
            ? `Bước tiếp theo có thể: ${allowed.map((s) => labels[s].label.vi).join(', ')}.`
            : 'Hồ sơ đã kết thúc.'
        }`,
        en: `Cannot move from "${labels[from].label.en}" to "${labels[to].label.en}". ${
          allowed.length
            ? `Allowed next: ${allowed.map((s) => labels[s].label.en).join(', ')}.`
            : 'The case is finished.'
        }`,
      },
      { from, to, allowed },
    );
  }
  const missing = (REQUIRED_STEP_FIELDS[to] ?? []).filter((f) => !input[f.field]);
  if (missing.length > 0) {
    throw new DomainError(
      'VALIDATION_FAILED',
      {
        vi: `Bước "${labels[to].action.vi}" cần: ${missing.map((f) => f.vi).join(', ')}.`,
        en: `The step "${labels[to].action.en}" needs: ${missing.map((f) => f.en).join(', ')}.`,
      },
      { missing: missing.map((f) => f.field) },
    );
  }
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
