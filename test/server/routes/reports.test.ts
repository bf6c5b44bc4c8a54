/**
 * GET /api/reports/monthly/{YYYY-MM}: cases created and moved across January and February 2026,
 * read in March; the February summary against January's, its stocks at the month's end from the
 * version history (a change in March does not touch it), and every bad month refused with a 4xx.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import { call, insideWard, report, testApp } from '../helpers.ts';
import { projectBody } from '../project-fixtures.ts';

type Ctx = Awaited<ReturnType<typeof testApp>>;
let ctx: Ctx;
const WARD_A = '2025-01843';
const WARD_B = '2025-01849';
const RULES = '/api/criteria/nq111-2025-table2a';

/** 09:00 local on a date. */
const morningOf = (date: string) => ctx.clock.set(`${date}T02:00:00.000Z`);
const step = (id: string, body: object) =>
  call(ctx.app, 'POST', `/api/violations/${id}/steps`, body).then((a) => {
    if (a.status !== 200) throw new Error(JSON.stringify(a.body));
    return a.body;
  });
const summary = (month: string) => call(ctx.as('lead'), 'GET', `/api/reports/monthly/${month}`);
/** The row of a table by its key; tests read its figures. */
const row = (rows: { key: string }[], key: string): any => rows.find((r) => r.key === key);

let a: string;

beforeAll(async () => {
  ctx = await testApp('2026-01-12T02:00:00.000Z'); // Monday 12 January 2026
  // January: A is recorded (its decision due 21/01, missed by the 31st); B is dismissed; C waits.
  a = (await report(ctx.app, insideWard(WARD_A), { kind: 'sidewalk_encroachment' })).id;
  const b = (await report(ctx.app, insideWard(WARD_B), { kind: 'illegal_grading' })).id;
  const c = (await report(ctx.app, insideWard(WARD_A), { kind: 'other' })).id;
  await step(a, { to: 'verified' });
  const recorded = await step(a, { to: 'recorded', record_number: '01/BB' });
  expect(recorded.properties.deadline).toBe('2026-01-21');
  morningOf('2026-01-14');
  await step(b, { to: 'verified' });
  await step(b, { to: 'dismissed', note: 'Không vi phạm' });
  // A clearance project announced in January, counting 40 households in February.
  const project = await call(ctx.app, 'POST', '/api/projects', projectBody());
  expect(project.status).toBe(201);

  // February: A is decided with a remedy deadline of 05/02, missed by the 28th; C is dismissed;
  // D is new; E is new and archived (a duplicate).
  morningOf('2026-02-02');
  await step(a, { to: 'decided', decision_number: '05/QĐ', remedy_deadline: '2026-02-05' });
  await step(c, { to: 'dismissed', note: 'Trùng' });
  await report(ctx.app, insideWard(WARD_B), { kind: 'road_encroachment' });
  const e = (await report(ctx.app, insideWard(WARD_A), { kind: 'other' })).id;
  const archived = await call(ctx.app, 'POST', `/api/violations/${e}/archive`, {
    reason: 'Trùng với hồ sơ khác',
  });
  expect(archived.status).toBe(200);
  const counted = await call(ctx.app, 'PATCH', `/api/projects/${project.body.id}`, {
    properties: {
      stage: 'counting',
      stage_dates: { announced: '2026-01-14', counting: '2026-02-02' },
      households: { total: 40, counted: 10, agreed: 0, paid: 0, handed_over: 0 },
    },
  });
  expect(counted.status).toBe(200);
  // One criteria value entered in February: one standard fewer is unassessed.
  const value = await call(ctx.app, 'PUT', `${RULES}/indicators/III.14?scope=urban`, {
    value: 31,
    source: 'statistics',
    note: 'Niên giám thống kê',
  });
  expect(value.status).toBe(201);

  // March: A is remedied and closed, which February's figures must not see.
  morningOf('2026-03-03');
  await step(a, { to: 'remedied' });
  await step(a, { to: 'closed' });
});

describe('GET /api/reports/monthly/{month}', () => {
  test('February beside January: stocks at each end, opened, closed, overdue', async () => {
    const { status, body } = await summary('2026-02');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      month: '2026-02',
      previousMonth: '2026-01',
      final: true,
      asOf: '2026-02-28',
    });
    expect(body.violations).toMatchObject({
      total: { current: 4, previous: 3 },
      open: { current: 2, previous: 2 },
      opened: { current: 2, previous: 3 },
      closed: { current: 1, previous: 1 },
      overdue: { current: 1, previous: 1 },
      archived: { current: 1, previous: 0 },
    });
  });

  test('counts by kind, status and ward, each beside the month before', async () => {
    const { violations: v } = (await summary('2026-02')).body;
    expect(row(v.byStatus, 'decided')).toMatchObject({ current: 1, previous: 0 });
    expect(row(v.byStatus, 'recorded')).toMatchObject({ current: 0, previous: 1 });
    expect(row(v.byStatus, 'dismissed')).toMatchObject({ current: 2, previous: 1 });
    expect(row(v.byStatus, 'closed')).toMatchObject({ current: 0, previous: 0 });
    expect(row(v.byKind, 'road_encroachment')).toMatchObject({
      current: 1,
      previous: 0,
      label: { vi: 'Lấn chiếm lòng đường', en: 'Roadway encroachment' },
    });
    // E (kind other) is archived: only C counts.
    expect(row(v.byKind, 'other')).toMatchObject({ current: 1, previous: 1 });
    expect(row(v.byWard, WARD_A)).toMatchObject({ current: 2, previous: 2 });
    expect(row(v.byWard, WARD_B)).toMatchObject({ current: 2, previous: 1 });
    // Every ward of the layer has a row, so months and wards line up in the printed table.
    expect(v.byWard.length).toBeGreaterThanOrEqual(2);
    expect(v.byWard.every((r: { label: { vi: string } }) => r.label.vi.length > 0)).toBe(true);
    const sum = (rows: { current: number }[]) => rows.reduce((s, r) => s + r.current, 0);
    expect([sum(v.byKind), sum(v.byStatus), sum(v.byWard)]).toEqual([4, 4, 4]);
  });

  test('March, still running: not final, judged today, with the closing of A', async () => {
    const { status, body } = await summary('2026-03');
    expect(status).toBe(200);
    expect(body).toMatchObject({ month: '2026-03', final: false, asOf: '2026-03-03' });
    expect(body.violations).toMatchObject({
      total: { current: 4, previous: 4 },
      open: { current: 1, previous: 2 },
      opened: { current: 0, previous: 2 },
      closed: { current: 1, previous: 1 },
      overdue: { current: 0, previous: 1 },
    });
    expect(row(body.violations.byStatus, 'closed')).toMatchObject({ current: 1, previous: 0 });
  });

  test('project progress: stages and households at each month end', async () => {
    const { sections } = (await summary('2026-02')).body;
    const projects = sections.find((s: { name: string }) => s.name === 'projects');
    expect(projects.title.vi).toBe('Tiến độ dự án giải phóng mặt bằng');
    expect(row(projects.rows, 'total')).toMatchObject({ current: 1, previous: 1 });
    expect(row(projects.rows, 'stage:announced')).toMatchObject({ current: 0, previous: 1 });
    expect(row(projects.rows, 'stage:counting')).toMatchObject({ current: 1, previous: 0 });
    expect(row(projects.rows, 'households:total')).toMatchObject({ current: 40, previous: 0 });
    expect(row(projects.rows, 'households:counted')).toMatchObject({ current: 10, previous: 0 });
    expect(row(projects.rows, 'blocked')).toMatchObject({ current: 0, previous: 0 });
  });

  test("the criteria scorecard: February's entered value beside January's none", async () => {
    const { sections } = (await summary('2026-02')).body;
    const card = sections.find((s: { name: string }) => s.name === 'scorecard');
    expect(card.title.vi).toContain('Tiêu chí đô thị');
    const unassessed = row(card.rows, 'not_assessed:III');
    expect(unassessed.current).toBe(unassessed.previous - 1);
    expect(row(card.rows, 'points:III')).toBeDefined();
    expect(card.notes.length).toBeGreaterThan(0);
  });

  test('a month before anything was recorded counts zeros', async () => {
    const { status, body } = await summary('2025-12');
    expect(status).toBe(200);
    expect(body.violations.total).toEqual({ current: 0, previous: 0 });
    expect((await summary('2000-01')).body.previousMonth).toBe('1999-12');
  });

  test.each([
    ['2026-13', 422],
    ['2026-4', 422],
    ['march', 422],
    ['1999-12', 422],
    ['2026-04', 422], // not begun on 3 March
    ['2026-02%0A', 422],
    ['x'.repeat(50), 422],
  ])('refuses the month %s with %i and a message', async (month, expected) => {
    const { status, body } = await summary(month);
    expect(status).toBe(expected);
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.message).toMatch(/tháng|Tháng|Dữ liệu|dữ liệu/);
  });

  test('any month string answers 200 or a 4xx with a message, never a 5xx', async () => {
    const month = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc
        .tuple(fc.integer({ min: -1, max: 10000 }), fc.integer({ min: -1, max: 14 }))
        .map(([y, m]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`),
    );
    await fc.assert(
      fc.asyncProperty(month, async (m) => {
        const { status, body } = await summary(encodeURIComponent(m));
        expect(status === 200 || (status >= 400 && status < 500), m).toBe(true);
        if (status === 200) expect(body.month).toBe(m);
        else expect(body.error.message).toEqual(expect.any(String));
      }),
      { numRuns: 150 },
    );
  });

  test('answers in English when asked', async () => {
    const res = await ctx
      .as('lead')
      .request('/api/reports/monthly/2026-13', { headers: { 'accept-language': 'en' } });
    expect((await res.json()).error.message).toContain('is not a month');
  });
});
