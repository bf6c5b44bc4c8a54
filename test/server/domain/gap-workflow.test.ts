import { describe, expect, test } from 'vitest';
import { GAP_STATUSES, gapWorkflow } from '../../../server/domain/gaps/gap-statuses.ts';
import { allowedMoves } from '../../../server/domain/engine/workflow.ts';
import { DomainError } from '../../../server/domain/errors.ts';
import { applyGapStatus } from '../../../server/domain/gaps/gap-workflow.ts';
import { makeGap } from '../gap-fixtures.ts';

const NOW = '2026-03-11T03:00:00.000Z';

describe('gap status moves', () => {
  test('forward only: every later status, none back, nothing after met', () => {
    const next = (from: (typeof GAP_STATUSES)[number]) => allowedMoves(gapWorkflow, from);
    expect(next('open')).toEqual(['planned', 'in_progress', 'met']);
    expect(next('in_progress')).toEqual(['met']);
    expect(next('met')).toEqual([]);
  });

  test('a move sets the status, the time and the next version', () => {
    const moved = applyGapStatus(makeGap(), { to: 'in_progress' }, NOW);
    expect(moved.properties).toMatchObject({ status: 'in_progress', updated_at: NOW, version: 2 });
  });

  test.each(
    GAP_STATUSES.flatMap((from) =>
      GAP_STATUSES.filter((to) => GAP_STATUSES.indexOf(to) <= GAP_STATUSES.indexOf(from)).map(
        (to) => [from, to] as const,
      ),
    ),
  )('refuses %s → %s, saying what is allowed', (from, to) => {
    const gap = makeGap({ status: from });
    const refuse = () => applyGapStatus(gap, { to }, NOW);
    expect(refuse).toThrow(DomainError);
    try {
      refuse();
    } catch (e) {
      expect((e as DomainError).code).toBe('ILLEGAL_TRANSITION');
      expect((e as DomainError).details).toEqual({
        from,
        to,
        allowed: allowedMoves(gapWorkflow, from),
      });
      expect((e as DomainError).text.vi).toMatch(/Không thể chuyển từ/);
    }
  });
});
