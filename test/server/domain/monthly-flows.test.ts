/** What moved in a month: opened by creation, closed by the step into closed or dismissed. */
import { describe, expect, test } from 'vitest';
import { addFlows, emptyFlows } from '../../../server/domain/violations/monthly-flows.ts';
import type { ViolationStatus } from '../../../server/domain/violations/violation-statuses.ts';
import { makeViolation } from '../helpers.ts';

// February 2026 in office time (UTC+7).
const FEB = { since: '2026-01-31T17:00:00.000Z', until: '2026-02-28T17:00:00.000Z' };

/** A case created at `created`, its last step into `status` entered at `stepped`. */
function violation(status: ViolationStatus, created: string, stepped = created, archived = false) {
  const v = makeViolation({ status, created_at: created, archived_at: archived ? stepped : null });
  v.properties.steps = [
    { ...v.properties.steps[0]!, status: 'reported' },
    { ...v.properties.steps[0]!, status, entered_at: stepped },
  ];
  return v;
}

const flowsOf = (...cases: ReturnType<typeof violation>[]) =>
  cases.reduce((f, v) => addFlows(f, v, FEB), emptyFlows());

describe('monthly flows', () => {
  test('a case created in the month is opened; one created the month before is not', () => {
    expect(flowsOf(violation('reported', '2026-02-10T03:00:00.000Z')).opened).toBe(1);
    expect(flowsOf(violation('reported', '2026-01-31T16:59:59.999Z')).opened).toBe(0);
    // 00:00 on 1 February in Bắc Kạn is still 31 January in UTC.
    expect(flowsOf(violation('reported', '2026-01-31T17:00:00.000Z')).opened).toBe(1);
  });

  test('closed and dismissed close a case in the month their step was entered', () => {
    const jan = '2026-01-05T03:00:00.000Z';
    const feb = '2026-02-20T03:00:00.000Z';
    expect(flowsOf(violation('closed', jan, feb), violation('dismissed', jan, feb)).closed).toBe(2);
    expect(flowsOf(violation('closed', jan, jan)).closed).toBe(0);
    expect(flowsOf(violation('closed', jan, '2026-02-28T17:00:00.000Z')).closed).toBe(0);
  });

  test('remedied or enforced is not closed: the office still has to close the case', () => {
    const feb = '2026-02-20T03:00:00.000Z';
    expect(flowsOf(violation('remedied', feb), violation('enforced', feb)).closed).toBe(0);
  });

  test('an archived case still counts as opened and closed, and as archived', () => {
    const feb = '2026-02-20T03:00:00.000Z';
    expect(flowsOf(violation('dismissed', feb, feb, true))).toEqual({
      opened: 1,
      closed: 1,
      archived: 1,
    });
  });
});
