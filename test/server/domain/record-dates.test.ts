/** The plausible range of a record's dates, checked where each kind of date is checked. */
import { describe, expect, test } from 'vitest';
import { EARLIEST_RECORD_DATE, LATEST_RECORD_DATE } from '../../../server/domain/dates.ts';
import { checkStepDates } from '../../../server/domain/violations/step-dates.ts';
import { refusal } from '../helpers.ts';

const TODAY = '2026-03-10';

describe('checkStepDates', () => {
  test('a step dated before 2000 is refused even with no earlier step to compare with', () => {
    const error = refusal(() => checkStepDates({ to: 'verified' }, '1999-12-31', undefined, TODAY));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details).toEqual({ field: 'date' });
    expect(error.text.vi).toContain('01/01/2000');
    expect(error.text.en).toContain(EARLIEST_RECORD_DATE);
  });

  test('a step on the first day records are kept from is taken', () => {
    expect(() =>
      checkStepDates({ to: 'verified' }, EARLIEST_RECORD_DATE, undefined, TODAY),
    ).not.toThrow();
  });

  test('a remedy deadline may be in the future, up to the end of 2100', () => {
    const decided = (remedy_deadline: string) => () =>
      checkStepDates({ to: 'decided', remedy_deadline }, TODAY, '2026-03-01', TODAY);
    expect(decided('2030-01-01')).not.toThrow();
    expect(decided(LATEST_RECORD_DATE)).not.toThrow();
    const error = refusal(decided('2101-01-01'));
    expect(error.details).toEqual({ field: 'remedy_deadline' });
    expect(error.text.en).toContain(LATEST_RECORD_DATE);
  });
});
