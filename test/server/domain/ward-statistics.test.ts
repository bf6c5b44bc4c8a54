import { describe, expect, test } from 'vitest';
import {
  isOpenStatus,
  tallyByWard,
  type ViolationGroup,
  type WardInfo,
} from '../../../server/domain/violations/ward-statistics.ts';

const WARDS: WardInfo[] = [
  { code: '2025-01843', name: 'Phường Bắc Kạn', short_name: 'Bắc Kạn', population: 20_000 },
  { code: '2025-01840', name: 'Phường Đức Xuân', short_name: 'Đức Xuân', population: null },
];
const group = (g: Partial<ViolationGroup>): ViolationGroup => ({
  ward: '2025-01843',
  kind: 'other',
  status: 'reported',
  deadline: null,
  count: 1,
  ...g,
});

describe('tallyByWard', () => {
  test('closed and dismissed cases are finished; remedied and enforced still await closing', () => {
    expect(['closed', 'dismissed'].map((s) => isOpenStatus(s as never))).toEqual([false, false]);
    expect(['remedied', 'enforced', 'reported'].map((s) => isOpenStatus(s as never))).toEqual([
      true,
      true,
      true,
    ]);
  });

  test('overdue needs an open case past its deadline; the deadline day itself is not late', () => {
    const stats = tallyByWard(
      [
        group({ status: 'decided', deadline: '2026-03-11', count: 2 }),
        group({ status: 'recorded', deadline: '2026-03-12' }),
        // A case closed with an old deadline on it is no longer late.
        group({ status: 'closed', deadline: '2026-03-01' }),
      ],
      WARDS,
      '2026-03-12',
    );
    expect(stats.wards[0]).toMatchObject({ total: 4, open: 3, overdue: 2 });
    expect(stats.wards[0]!.by_kind.other.by_status).toMatchObject({
      decided: 2,
      recorded: 1,
      closed: 1,
    });
  });

  test('a case outside every ward counts in the totals only; rates need a population', () => {
    const stats = tallyByWard(
      [group({ count: 3 }), group({ ward: null }), group({ ward: '2025-01840', count: 0 })],
      WARDS,
      '2026-03-12',
    );
    expect(stats.wards.map((w) => w.total)).toEqual([3, 0]);
    expect(stats.totals.total).toBe(4);
    expect(stats.wards[0]!.per_1000).toEqual({ total: 0.15, open: 0.15, overdue: 0 });
    expect(stats.wards[1]!.per_1000.total).toBeNull();
    expect(stats.totals.population).toBeNull();
  });
});
