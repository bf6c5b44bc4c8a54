/** The summary page's layout from a real summary: its numbered sections, charts and labels. */
import { beforeAll, describe, expect, test } from 'vitest';
import type { MonthlyReport } from '../../../server/domain/monthly-report.ts';
import { en, vi, type MessageKey } from '../../../web/src/lib/i18n/messages.ts';
import { reportBlocks } from '../../../web/src/lib/pages/reports/rows.ts';
import { call, report, testApp } from '../../server/helpers.ts';

/** The app's own messages with their {placeholders} filled, as the page's `t` does. */
const translate =
  (dictionary: Record<MessageKey, string>) =>
  (key: MessageKey, params: Record<string, string | number> = {}) =>
    dictionary[key].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name]));

let summary: MonthlyReport;
beforeAll(async () => {
  const ctx = await testApp('2026-02-10T03:00:00.000Z');
  await report(ctx.app, undefined, { kind: 'road_encroachment' });
  ctx.clock.set('2026-03-10T03:00:00.000Z');
  summary = (await call(ctx.as('lead'), 'GET', '/api/reports/monthly/2026-02')).body;
});

describe('reportBlocks', () => {
  test('key figures, then kind, step and ward, then the numbered further sections', () => {
    const blocks = reportBlocks(summary, translate(vi), (l) => l.vi);
    expect(blocks.map((b) => b.name)).toEqual([
      'key',
      'kind',
      'status',
      'ward',
      'projects',
      'scorecard',
      'complaints',
    ]);
    expect(blocks.map((b) => b.title.slice(0, 3))).toEqual([
      '1. ',
      '2. ',
      '3. ',
      '4. ',
      '5. ',
      '6. ',
      '7. ',
    ]);
    expect(blocks[4]!.title).toBe('5. Tiến độ dự án giải phóng mặt bằng');
    expect(blocks[6]!.title).toBe('7. Giải quyết đơn thư');
  });

  test('the key figures have no chart; counts split by kind, step and ward add up', () => {
    const [key, kind, status, ward] = reportBlocks(summary, translate(vi), (l) => l.vi);
    expect(key!.chart).toEqual([]);
    expect(key!.rows.find((r) => r.key === 'opened')).toMatchObject({
      label: 'Phát sinh trong tháng',
      current: 1,
      previous: 0,
    });
    for (const block of [kind!, status!, ward!]) {
      expect(block.total).toBe(true);
      expect(block.chart).toEqual(block.rows);
    }
    expect(kind!.rows.find((r) => r.key === 'road_encroachment')?.label).toBe(
      'Lấn chiếm lòng đường',
    );
  });

  test("a further section's chart draws only rows of one unit (project stages, not households)", () => {
    const projects = reportBlocks(summary, translate(vi), (l) => l.vi)[4]!;
    expect(projects.rows.some((r) => r.key.startsWith('households:'))).toBe(true);
    expect(projects.chart.length).toBeGreaterThan(0);
    expect(projects.chart.every((r) => r.key.startsWith('stage:'))).toBe(true);
  });

  test('in English, every label and title is English', () => {
    const blocks = reportBlocks(summary, translate(en), (l) => l.en);
    expect(blocks[0]!.title).toBe('1. Key figures');
    expect(blocks[1]!.rows.find((r) => r.key === 'road_encroachment')?.label).toBe(
      'Roadway encroachment',
    );
    expect(blocks[4]!.title).toBe('5. Land-clearance project progress');
  });
});
