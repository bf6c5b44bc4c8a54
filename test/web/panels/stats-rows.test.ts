import { expect, test } from 'vitest';
import { tallyProjects } from '../../../server/domain/projects/project-statistics.ts';
import { tallyByWard, type WardInfo } from '../../../server/domain/violations/ward-statistics.ts';
import type { WardStatistics } from '../../../server/services/statistics.ts';
import { projectRows, violationRows } from '../../../web/src/lib/panels/stats-rows.ts';

const WARDS: WardInfo[] = [
  { code: '2025-01843', name: 'Phường Bắc Kạn', short_name: 'Bắc Kạn', population: 25387 },
  { code: '2025-01840', name: 'Phường Đức Xuân', short_name: 'Đức Xuân', population: 22660 },
];
const stats: WardStatistics = {
  as_of: null,
  violations: tallyByWard(
    [
      {
        ward: '2025-01843',
        kind: 'road_encroachment',
        status: 'reported',
        deadline: null,
        count: 2,
      },
      {
        ward: '2025-01840',
        kind: 'road_encroachment',
        status: 'dismissed',
        deadline: null,
        count: 1,
      },
      { ward: '2025-01840', kind: 'other', status: 'decided', deadline: '2026-03-01', count: 1 },
    ],
    WARDS,
    '2026-03-10',
  ),
  projects: tallyProjects(
    [
      {
        ward_codes: ['2025-01840'],
        stage: 'paying',
        households: { total: 8, counted: 8, agreed: 8, paid: 3, handed_over: 0 },
        blocked: true,
        overdue: false,
      },
    ],
    WARDS.map((w) => w.code),
  ),
};
const byKey = (rows: { key: string; values: unknown[] }[]) =>
  Object.fromEntries(rows.map((r) => [r.key, r.values]));

test('violation rows: one value per ward then the total, kinds and statuses that hold a case', () => {
  const rows = byKey(violationRows(stats));
  expect(rows.total).toEqual([2, 2, 4]);
  expect(rows.open).toEqual([2, 1, 3]);
  expect(rows.overdue).toEqual([0, 1, 1]);
  expect(rows['status:dismissed']).toEqual([0, 1, 1]);
  expect(rows['kind:road_encroachment']).toEqual([2, 1, 3]);
  expect(rows['kind:road_encroachment:reported']).toEqual([2, 0, 2]);
  expect(rows['kind:other:decided']).toEqual([0, 1, 1]);
  // Empty kinds and a kind's empty statuses are left out; every status has its overall row.
  expect(rows['kind:illegal_grading']).toBeUndefined();
  expect(rows['kind:other:reported']).toBeUndefined();
  expect(rows['status:enforced']).toEqual([0, 0, 0]);
});

test('project rows: blocked, households and the stages that hold a project', () => {
  const rows = byKey(projectRows(stats));
  expect(rows.projects).toEqual([0, 1, 1]);
  expect(rows.blocked).toEqual([0, 1, 1]);
  expect(rows['households:paid']).toEqual([0, 3, 3]);
  expect(rows['stage:paying']).toEqual([0, 1, 1]);
  expect(rows['stage:announced']).toBeUndefined();
});
