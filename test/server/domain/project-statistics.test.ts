import { expect, test } from 'vitest';
import {
  tallyProjects,
  type ProjectFacts,
} from '../../../server/domain/projects/project-statistics.ts';

const facts = (p: Partial<ProjectFacts>): ProjectFacts => ({
  ward_codes: ['2025-01843'],
  stage: 'counting',
  households: { total: 10, counted: 4, agreed: 2, paid: 1, handed_over: 0 },
  blocked: false,
  overdue: false,
  ...p,
});

test('a project across two wards counts in each of them and once in the totals', () => {
  const stats = tallyProjects(
    [
      facts({ ward_codes: ['2025-01843', '2025-01840'], blocked: true }),
      facts({ stage: 'paying', overdue: true }),
      facts({ ward_codes: ['2024-01834'] }), // no current ward: totals only
    ],
    ['2025-01843', '2025-01840', '2025-01849'],
  );
  expect(stats.wards.map((w) => [w.code, w.total, w.blocked, w.overdue])).toEqual([
    ['2025-01843', 2, 1, 1],
    ['2025-01840', 1, 1, 0],
    ['2025-01849', 0, 0, 0],
  ]);
  expect(stats.wards[0]!.by_stage).toMatchObject({ counting: 1, paying: 1 });
  expect(stats.wards[0]!.households).toEqual({
    total: 20,
    counted: 8,
    agreed: 4,
    paid: 2,
    handed_over: 0,
  });
  expect(stats.totals).toMatchObject({ total: 3, blocked: 1, overdue: 1 });
  expect(stats.totals.households.total).toBe(30);
});
