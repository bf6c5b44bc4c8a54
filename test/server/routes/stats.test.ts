/**
 * GET /api/stats: violations made and moved through the API, then counted by ward × kind × status,
 * now and as of a past day, with the deadline rule the records themselves use.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import { call, insideWard, reference, report, square, testApp, type TestApp } from '../helpers.ts';

const BAC_KAN = '2025-01843';
const DUC_XUAN = '2025-01840';
const PHONG_QUANG = '2025-01849';

const population = (code: string) =>
  reference.layers['2025'].features.find((f) => f.id === code)!.properties.population as number;

/** Moves a case through steps, in order; fails the test on a refusal. */
async function walk(app: TestApp, id: string, ...steps: object[]): Promise<void> {
  for (const step of steps) {
    const answer = await call(app, 'POST', `/api/violations/${id}/steps`, step);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  }
}

const VERIFY = { to: 'verified' };
const RECORD = { to: 'recorded', record_number: '12/BB-TTĐT' };
const DECIDE = { to: 'decided', decision_number: '34/QĐ-XPHC', remedy_deadline: '2026-03-12' };

const at = (code: string, kind: string) => [insideWard(code), { kind }] as const;

async function stats(app: TestApp, query = '') {
  const answer = await call(app, 'GET', `/api/stats${query}`);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body;
}
const ward = (body: any, code: string) => body.violations.wards.find((w: any) => w.code === code);

type Context = Awaited<ReturnType<typeof testApp>>;

describe('counts by ward × kind × status', () => {
  let ctx: Context;
  beforeAll(async () => {
    ctx = await testApp(); // Tuesday 10 March 2026, 10:00 in Việt Nam
    const { app } = ctx;
    await report(app, ...at(BAC_KAN, 'road_encroachment'));
    await report(app, ...at(BAC_KAN, 'road_encroachment'));
    const built = await report(app, ...at(BAC_KAN, 'illegal_construction'));
    await walk(app, built.id, VERIFY, RECORD); // decision due 19/3 (7 working days)
    const dismissed = await report(app, ...at(DUC_XUAN, 'sidewalk_encroachment'));
    await walk(app, dismissed.id, { to: 'dismissed', note: 'Không vi phạm' });
    const decided = await report(app, ...at(DUC_XUAN, 'sidewalk_encroachment'));
    await walk(app, decided.id, VERIFY, RECORD, DECIDE); // remedy due 12/3
    const closed = await report(app, ...at(DUC_XUAN, 'sidewalk_encroachment'));
    await walk(app, closed.id, VERIFY, RECORD, DECIDE, { to: 'remedied' }, { to: 'closed' });
    const graded = await report(app, ...at(PHONG_QUANG, 'illegal_grading'));
    await walk(app, graded.id, VERIFY);
    const archived = await report(app, ...at(PHONG_QUANG, 'other'));
    const off = await call(app, 'POST', `/api/violations/${archived.id}/archive`, {
      reason: 'Trùng',
    });
    expect(off.status).toBe(200);
  });

  test('counts each ward by kind and status, open and totals, and leaves archived cases out', async () => {
    const body = await stats(ctx.as('anonymous'));
    expect(body.as_of).toBeNull();
    expect(body.violations.judged_on).toBe('2026-03-10');
    expect(body.violations.wards.map((w: any) => [w.code, w.name])).toEqual([
      [BAC_KAN, 'Phường Bắc Kạn'],
      [DUC_XUAN, 'Phường Đức Xuân'],
      [PHONG_QUANG, 'Xã Phong Quang'],
    ]);
    const bk = ward(body, BAC_KAN);
    expect(bk).toMatchObject({ total: 3, open: 3, overdue: 0, population: 25387 });
    expect(bk.by_kind.road_encroachment).toMatchObject({ total: 2, open: 2 });
    expect(bk.by_kind.road_encroachment.by_status.reported).toBe(2);
    expect(bk.by_kind.illegal_construction.by_status).toMatchObject({ recorded: 1, reported: 0 });
    expect(bk.by_status).toMatchObject({ reported: 2, recorded: 1, verified: 0 });
    expect(bk.per_1000.total).toBe(Math.round((3 * 100_000) / population(BAC_KAN)) / 100);

    const dx = ward(body, DUC_XUAN);
    expect(dx).toMatchObject({ total: 3, open: 1, overdue: 0 });
    expect(dx.by_kind.sidewalk_encroachment.by_status).toMatchObject({
      dismissed: 1,
      decided: 1,
      closed: 1,
    });
    const pq = ward(body, PHONG_QUANG);
    expect(pq).toMatchObject({ total: 1, open: 1 });
    expect(pq.by_kind.other.total).toBe(0);

    expect(body.violations.totals).toMatchObject({ total: 7, open: 5, overdue: 0 });
    expect(body.violations.totals.population).toBe(
      population(BAC_KAN) + population(DUC_XUAN) + population(PHONG_QUANG),
    );
  });

  test('a case is overdue once its deadline has passed, judged today or at the end of asOf', async () => {
    const { app, clock } = ctx;
    const overdueListed = async () =>
      (await call(app, 'GET', '/api/violations?overdue=true')).body.numberMatched;

    clock.set('2026-03-12T16:59:00.000Z'); // 23:59 on the remedy deadline itself
    expect((await stats(app)).violations.totals.overdue).toBe(0);

    clock.set('2026-03-13T02:00:00.000Z');
    let body = await stats(app);
    expect([ward(body, BAC_KAN).overdue, ward(body, DUC_XUAN).overdue]).toEqual([0, 1]);
    expect(ward(body, DUC_XUAN).by_kind.sidewalk_encroachment.overdue).toBe(1);

    clock.set('2026-03-20T02:00:00.000Z');
    body = await stats(app);
    expect([ward(body, BAC_KAN).overdue, ward(body, DUC_XUAN).overdue]).toEqual([1, 1]);
    // The same rule as the violations list's own overdue filter.
    expect(body.violations.totals.overdue).toBe(await overdueListed());

    const past = await stats(app, '?asOf=2026-03-13');
    expect(past.as_of).toBe('2026-03-13');
    expect(past.violations.judged_on).toBe('2026-03-13');
    expect(past.violations.totals).toMatchObject({ total: 7, open: 5, overdue: 1 });
    clock.set('2026-03-10T03:00:00.000Z');
  });

  test('kind, status, ward and period filters narrow the counts', async () => {
    const { app } = ctx;
    const roads = await stats(app, '?kind=road_encroachment,illegal_grading');
    expect(roads.violations.totals.total).toBe(3);
    expect(ward(roads, BAC_KAN).total).toBe(2);
    expect(ward(roads, PHONG_QUANG).total).toBe(1);

    const one = await stats(app, `?ward=${DUC_XUAN}`);
    expect(one.violations.wards.map((w: any) => w.code)).toEqual([DUC_XUAN]);
    expect(one.violations.totals).toMatchObject({ total: 3, population: population(DUC_XUAN) });

    const closedOnes = await stats(app, '?status=closed&status=dismissed');
    expect(closedOnes.violations.totals).toMatchObject({ total: 2, open: 0 });

    // Words without their accents, as the list's search takes them.
    expect((await stats(app, '?q=quan%20nuoc')).violations.totals.total).toBe(7);
    expect((await stats(app, '?q=xay%20nha')).violations.totals.total).toBe(0);
    expect((await stats(app, '?from=2026-03-11')).violations.totals.total).toBe(0);
    expect((await stats(app, '?from=2026-03-10&to=2026-03-10')).violations.totals.total).toBe(7);
  });
});

describe('as of a past day, from the history', () => {
  let ctx: Context;
  beforeAll(async () => {
    ctx = await testApp('2026-02-20T03:00:00.000Z');
    const { app, clock } = ctx;
    const verified = await report(app, ...at(BAC_KAN, 'road_encroachment'));
    await walk(app, verified.id, VERIFY);
    const later = await report(app, ...at(DUC_XUAN, 'sidewalk_encroachment'));
    clock.set('2026-02-28T16:30:00.000Z'); // 23:30 on 28 February in Việt Nam
    const lastMinute = await report(app, ...at(PHONG_QUANG, 'illegal_grading'));
    clock.set('2026-02-28T17:10:00.000Z'); // 00:10 on 1 March in Việt Nam
    await report(app, ...at(BAC_KAN, 'other'));
    await walk(app, later.id, { to: 'dismissed', note: 'Đã tự tháo dỡ' });
    clock.set('2026-03-05T03:00:00.000Z');
    await walk(app, verified.id, RECORD);
    const off = await call(app, 'POST', `/api/violations/${lastMinute.id}/archive`, {
      reason: 'Nhập nhầm',
    });
    expect(off.status).toBe(200);
  });

  test('the end of last month (Việt Nam time) shows the cases as they stood then', async () => {
    const body = await stats(ctx.app, '?asOf=2026-02-28');
    expect(body.violations.totals).toMatchObject({ total: 3, open: 3 });
    expect(ward(body, BAC_KAN).by_kind.road_encroachment.by_status.verified).toBe(1);
    expect(ward(body, BAC_KAN).by_kind.other.total).toBe(0); // reported at 00:10 on 1 March
    expect(ward(body, DUC_XUAN).by_status.reported).toBe(1);
    expect(ward(body, PHONG_QUANG).total).toBe(1); // archived only in March
  });

  test('now shows the later steps, the later reports and leaves the archived case out', async () => {
    const body = await stats(ctx.app);
    expect(body.violations.totals).toMatchObject({ total: 3, open: 2 });
    expect(ward(body, BAC_KAN).by_kind.road_encroachment.by_status.recorded).toBe(1);
    expect(ward(body, BAC_KAN).by_kind.other.total).toBe(1);
    expect(ward(body, DUC_XUAN)).toMatchObject({ total: 1, open: 0 });
    expect(ward(body, PHONG_QUANG).total).toBe(0);
  });

  test('before the first record there is nothing to count', async () => {
    const body = await stats(ctx.app, '?asOf=2026-01-31');
    expect(body.violations.totals.total).toBe(0);
    expect(body.violations.wards).toHaveLength(3);
  });

  test('as of today counts what the records say now, whatever the filter', async () => {
    for (const query of [
      '',
      'kind=road_encroachment,other',
      `ward=${BAC_KAN}`,
      'status=reported,recorded,dismissed',
      'from=2026-02-21&to=2026-03-01',
      `kind=other&ward=${BAC_KAN}&from=2026-03-01`,
      'q=quan nuoc',
    ]) {
      const now = await stats(ctx.app, `?${query}`);
      const history = await stats(ctx.app, `?${query}&asOf=2026-03-05`);
      expect(history.violations, query).toEqual(now.violations);
    }
  });
});

describe('clearance projects by ward', () => {
  let ctx: Context;
  /** A small project inside one ward; checks that it landed there. */
  async function project(code: string, properties: object) {
    const [lon, lat] = insideWard(code) as [number, number];
    const answer = await call(ctx.app, 'POST', '/api/projects', {
      type: 'Feature',
      geometry: square([lon - 0.0003, lat - 0.0003], 0.0006),
      properties: { land_type: 'other', ...properties },
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    expect(answer.body.properties.ward_codes).toEqual([code]);
    return answer.body;
  }
  beforeAll(async () => {
    ctx = await testApp(); // 10 March 2026
    await project(BAC_KAN, {
      name: 'Đường vành đai phía Tây',
      stage: 'plan_approved',
      stage_dates: {
        announced: '2025-09-01',
        counting: '2025-10-01',
        plan_posted: '2025-12-01',
        plan_approved: '2026-02-02', // payment due 30 days later: missed by 10 March
      },
      households: { total: 20, counted: 20, agreed: 15, paid: 8, handed_over: 0 },
      blocked: true,
      obstacles: [{ text: 'Hai hộ chưa đồng ý giá bồi thường' }],
    });
    await project(DUC_XUAN, {
      name: 'Mở rộng chợ Đức Xuân',
      stage_dates: { announced: '2026-02-01' },
      households: { total: 10, counted: 0, agreed: 0, paid: 0, handed_over: 0 },
    });
    const off = await project(PHONG_QUANG, { name: 'Nhập nhầm' });
    const archived = await call(ctx.app, 'POST', `/api/projects/${off.id}/archive`, {
      reason: 'Nhập nhầm',
    });
    expect(archived.status).toBe(200);
  });

  test('counts stages, households, blocked and overdue projects per ward', async () => {
    const body = await stats(ctx.as('anonymous'));
    const [bk, dx, pq] = body.projects.wards;
    expect(bk).toMatchObject({ code: BAC_KAN, total: 1, blocked: 1, overdue: 1 });
    expect(bk.by_stage).toMatchObject({ plan_approved: 1, announced: 0 });
    expect(bk.households).toEqual({ total: 20, counted: 20, agreed: 15, paid: 8, handed_over: 0 });
    expect(dx).toMatchObject({ code: DUC_XUAN, total: 1, blocked: 0, overdue: 0 });
    expect(dx.by_stage.announced).toBe(1);
    expect(pq).toMatchObject({ code: PHONG_QUANG, total: 0 });
    expect(body.projects.totals).toMatchObject({ total: 2, blocked: 1, overdue: 1 });
    expect(body.projects.totals.households.total).toBe(30);
    // The same deadline rule as the projects list.
    const late = await call(ctx.app, 'GET', '/api/projects?overdue=true');
    expect(late.body.numberMatched).toBe(body.projects.totals.overdue);
  });

  test('a ward filter keeps its projects; a day before them there were none', async () => {
    const one = await stats(ctx.app, `?ward=${DUC_XUAN}`);
    expect(one.projects.wards.map((w: any) => w.code)).toEqual([DUC_XUAN]);
    expect(one.projects.totals.total).toBe(1);
    expect((await stats(ctx.app, '?asOf=2026-03-09')).projects.totals.total).toBe(0);
    expect((await stats(ctx.app, '?asOf=2026-03-10')).projects).toEqual(
      (await stats(ctx.app)).projects,
    );
  });
});

describe('who may ask', () => {
  let ctx: Context;
  beforeAll(async () => {
    ctx = await testApp();
  });
  test('anyone sees the current counts; the past is for signed-in staff', async () => {
    expect((await call(ctx.as('anonymous'), 'GET', '/api/stats')).status).toBe(200);
    const refused = await call(ctx.as('anonymous'), 'GET', '/api/stats?asOf=2026-03-01');
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('UNAUTHENTICATED');
    // Even a malformed date: an anonymous caller learns nothing of the query's checks.
    expect((await call(ctx.as('anonymous'), 'GET', '/api/stats?asOf=x')).status).toBe(401);
    for (const who of ['viewer', 'inspector', 'planner', 'lead', 'admin'] as const) {
      expect((await call(ctx.as(who), 'GET', '/api/stats?asOf=2026-03-01')).status, who).toBe(200);
    }
  });
});

describe('bad queries get a 4xx a person can act on', () => {
  let ctx: Context;
  beforeAll(async () => {
    ctx = await testApp();
  });
  test.each([
    ['asOf=2026-02-30', 'asOf'],
    ['asOf=2026-13-01', 'asOf'],
    ['asOf=yesterday', 'asOf'],
    ['asOf=', 'asOf'],
    ['asOf=2026-03-11', 'asOf'], // tomorrow in Việt Nam
    ['from=2026-3-1', 'from'],
    ['to=01/03/2026', 'to'],
    ['from=2026-03-05&to=2026-03-01', 'from'],
    ['kind=illegal_parking', 'kind'],
    ['status=open', 'status'],
    ['ward=01843', 'ward'],
    ['ward=2024-01834', 'ward'], // a former unit: statistics count the current ones
    ['ward=2025-99999', 'ward'],
  ])('%s', async (query, field) => {
    const answer = await call(ctx.app, 'GET', `/api/stats?${query}`, undefined, {
      'accept-language': 'en',
    });
    expect(answer.status, JSON.stringify(answer.body)).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect(answer.body.error.code).toBe('VALIDATION_FAILED');
    expect(answer.body.error.message).toEqual(expect.any(String));
    expect(JSON.stringify(answer.body.error)).toContain(field);
  });

  test('a reversed period is explained in Vietnamese', async () => {
    const answer = await call(ctx.app, 'GET', '/api/stats?from=2026-03-05&to=2026-03-01');
    expect(answer.body.error.message).toBe('Khoảng thời gian ngược: từ 05/03/2026 đến 01/03/2026.');
  });

  test('any query string is answered, never with a 5xx', async () => {
    const piece = fc.oneof(
      fc.string(),
      fc.constantFrom('', '2026-02-28', '9999-12-31', '0000-01-01', 'other', '2025-01843', 'NaN'),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('asOf', 'kind', 'status', 'ward', 'from', 'to', 'q', 'limit', 'bbox'),
        piece,
        fc.constantFrom('office', 'anonymous') as fc.Arbitrary<'office' | 'anonymous'>,
        async (name, value, who) => {
          const path = `/api/stats?${new URLSearchParams({ [name]: value })}`;
          const answer = await call(ctx.as(who), 'GET', path);
          expect(answer.status, path).toBeLessThan(500);
        },
      ),
      { numRuns: 200 },
    );
  });
});
