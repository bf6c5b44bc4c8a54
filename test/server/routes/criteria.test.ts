import { beforeEach, describe, expect, test } from 'vitest';
import { call, START, testApp, type TestApp, type TestClock } from '../helpers.ts';
import { gapBody } from '../gap-fixtures.ts';

let t: Awaited<ReturnType<typeof testApp>>;
let app: TestApp;
let clock: TestClock;
beforeEach(async () => {
  t = await testApp();
  ({ app, clock } = t);
});

const RULES = '/api/criteria/nq111-2025-table2a';
const put = (code: string, body: unknown, scope = 'urban', who: TestApp = app) =>
  call(who, 'PUT', `${RULES}/indicators/${code}?scope=${scope}`, body);
const card = async (query = 'scope=urban', headers: Record<string, string> = {}) =>
  (await call(app, 'GET', `${RULES}/scorecard?${query}`, undefined, headers)).body;
const standardOf = (body: any, cls: 'II' | 'III', code: string) =>
  body.classes.find((c: any) => c.class === cls).standards.find((s: any) => s.code === code);

const YEARBOOK = { source: 'statistics', note: 'Niên giám thống kê tỉnh Thái Nguyên 2025' };

describe('GET /api/criteria', () => {
  test('lists the rule sets with their standards, scales and labels, to anyone', async () => {
    const answer = await call(t.as('anonymous'), 'GET', '/api/criteria');
    expect(answer.status).toBe(200);
    const [ruleSet] = answer.body.rule_sets;
    expect(ruleSet.id).toBe('nq111-2025-table2a');
    expect(ruleSet.standards).toHaveLength(23);
    expect(ruleSet.standards[3].name.vi).toBe('Mật độ dân số');
    expect(ruleSet.scales.funeral_homes.levels.map((l: any) => l.id)).toEqual([
      'none',
      'project',
      'one',
      'two',
    ]);
    expect(answer.body.gap_statuses.in_progress.label.vi).toBe('Đang thực hiện');
  });
});

describe('the scorecard', () => {
  test('with no values entered: population and density computed from the ward layer, the rest not assessed', async () => {
    const body = await card();
    expect(body.scope).toBe('urban');
    expect(body.as_of).toBe('2026-03-10');
    const iii = body.classes.find((c: any) => c.class === 'III');
    const population = standardOf(body, 'III', 'II.03');
    // 48,047 people: (48,047 − 20,000) / 180,000 of the span 5.5 → 7.
    expect(population).toMatchObject({ value: 48_047, source: 'computed', met_minimum: true });
    expect(population.points).toBeCloseTo(5.5 + (1.5 * 28_047) / 180_000, 2);
    expect(population.note).toMatch(/Tính từ lớp phường, xã/);
    const density = standardOf(body, 'III', 'II.04');
    expect(density).toMatchObject({ source: 'computed', met_minimum: false, points: 0 });
    expect(density.shortfall).toBeCloseTo(500 - density.value, 6);
    expect(iii.not_assessed).toHaveLength(21);
    expect(iii).toMatchObject({
      all_minimums_met: false,
      recognised: false,
      threshold: 75,
      total_max: 100,
    });
    expect(iii.total).toBe(population.points);
  });

  test('an entered value replaces the computed one, scores, and carries its source and note', async () => {
    const answer = await put('II.03', { value: 50_000, ...YEARBOOK });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ value: 50_000, version: 1, entered_by: t.users.office.id });
    const population = standardOf(await card(), 'III', 'II.03');
    expect(population).toMatchObject({
      value: 50_000,
      source: 'statistics',
      note: YEARBOOK.note,
      points: 5.75,
      version: 1,
      value_label: { vi: '50.000 người', en: '50,000 people' },
    });
  });

  test('an ordinal value by its level id', async () => {
    expect((await put('III.13', { value: 'project', ...YEARBOOK })).status).toBe(201);
    const body = await card();
    expect(standardOf(body, 'III', 'III.13')).toMatchObject({ points: 2.5, met_minimum: true });
    expect(standardOf(body, 'II', 'III.13')).toMatchObject({
      points: 0,
      met_minimum: false,
      shortfall: 1,
    });
  });

  test('a ward scope has its own values and the computed figures of that ward', async () => {
    await put('III.08', { value: 92, ...YEARBOOK }, '2025-01840');
    const body = await card('scope=2025-01840');
    expect(body.scope_name.vi).toBe('Phường Đức Xuân');
    expect(standardOf(body, 'III', 'II.03').value).toBe(22_660);
    expect(standardOf(body, 'III', 'III.08').value).toBe(92);
    expect(standardOf(await card(), 'III', 'III.08').value).toBeNull();
  });

  test('lists the gaps of each standard in the scope', async () => {
    const gap = (await call(app, 'POST', '/api/gaps', gapBody())).body;
    const urban = standardOf(await card(), 'III', 'III.09');
    expect(urban.gaps).toEqual([
      { id: gap.id, title: gap.properties.title, status: 'open', scope: '2025-01840' },
    ]);
    expect(standardOf(await card('scope=2025-01843'), 'III', 'III.09').gaps).toEqual([]);
  });

  test('says whether the rule set was in force on the day asked about', async () => {
    expect((await card()).rule_set).toMatchObject({ id: 'nq111-2025-table2a', in_force: true });
    expect((await card('scope=urban&asOf=2025-12-31')).rule_set.in_force).toBe(false);
  });

  test('asOf scores with the values of that day', async () => {
    await put('III.11', { value: 60, ...YEARBOOK });
    clock.set('2026-03-15T03:00:00.000Z');
    await put('III.11', { value: 75, ...YEARBOOK, version: 1 });
    expect(standardOf(await card('scope=urban&asOf=2026-03-10'), 'III', 'III.11')).toMatchObject({
      value: 60,
      met_minimum: false,
      shortfall: 10,
    });
    expect(standardOf(await card('scope=urban&asOf=2026-03-09'), 'III', 'III.11').value).toBeNull();
    expect(standardOf(await card(), 'III', 'III.11')).toMatchObject({ value: 75, points: 2.5 });
  });

  test.each([
    ['an unknown rule set', '/api/criteria/nq-1900/scorecard', 404],
    ['an unknown ward', `${RULES}/scorecard?scope=2025-09999`, 422],
    ['a malformed scope', `${RULES}/scorecard?scope=city`, 422],
    ['a date that does not exist', `${RULES}/scorecard?asOf=2026-02-30`, 422],
  ])('refuses %s in the error envelope', async (_, path, status) => {
    const answer = await call(app, 'GET', path, undefined, { 'accept-language': 'en' });
    expect(answer.status).toBe(status);
    expect(answer.body.error.message).toEqual(expect.any(String));
  });
});

describe('entering indicator values', () => {
  test('the same value again writes nothing; a stale version is refused with 409', async () => {
    await put('III.14', { value: 31, ...YEARBOOK });
    const again = await put('III.14', { value: 31, ...YEARBOOK });
    expect(again.status).toBe(200);
    expect(again.body.version).toBe(1);
    expect((await put('III.14', { value: 33, ...YEARBOOK, version: 1 })).body.version).toBe(2);
    const stale = await put('III.14', { value: 34, ...YEARBOOK, version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'CONFLICT', details: { current_version: 2 } });
  });

  test('the history has every version, who and why; staff only', async () => {
    await put('III.14', { value: 31, ...YEARBOOK });
    await put('III.14', { value: 33, ...YEARBOOK, reason: 'số liệu chính thức' });
    const history = await call(app, 'GET', `${RULES}/indicators/III.14/history?scope=urban`);
    expect(history.status).toBe(200);
    expect(history.body.versions.map((v: any) => [v.action, v.after.value])).toEqual([
      ['create', 31],
      ['update', 33],
    ]);
    expect(history.body.versions[1].reason).toBe('số liệu chính thức');
    expect(history.body.users[t.users.office.id].username).toBe('office');
    const anonymous = await call(t.as('anonymous'), 'GET', `${RULES}/indicators/III.14/history`);
    expect(anonymous.status).toBe(401);
  });

  test('GET indicators lists every standard with its value and source; the public sees no names', async () => {
    await put('III.14', { value: 31, ...YEARBOOK });
    const staff = (await call(app, 'GET', `${RULES}/indicators?scope=urban`)).body;
    expect(staff.indicators).toHaveLength(23);
    expect(staff.indicators.find((i: any) => i.code === 'III.14')).toMatchObject({
      value: 31,
      source: 'statistics',
      entered_by: t.users.office.id,
      entered_at: START,
    });
    const pub = (await call(t.as('anonymous'), 'GET', `${RULES}/indicators`)).body;
    expect(pub.indicators.find((i: any) => i.code === 'III.14').entered_by).toBeNull();
    expect(pub.indicators.find((i: any) => i.code === 'II.03').source).toBe('computed');
  });

  test.each([
    ['a word for a measured standard', 'III.14', { value: 'many', ...YEARBOOK }, 422],
    ['a number for an ordinal standard', 'III.13', { value: 1, ...YEARBOOK }, 422],
    ['a level the scale lacks', 'I.01', { value: 'nation', ...YEARBOOK }, 422],
    ['a negative number', 'III.14', { value: -1, ...YEARBOOK }, 422],
    ['no note of where it came from', 'III.14', { value: 31, source: 'statistics' }, 422],
    ['an unknown source', 'III.14', { value: 31, source: 'rumour', note: 'x' }, 422],
    ['an unknown standard', 'III.99', { value: 31, ...YEARBOOK }, 404],
  ])('refuses %s', async (_, code, body, status) => {
    const answer = await put(code, body);
    expect(answer.status).toBe(status);
    expect(answer.body.error.code).toEqual(expect.any(String));
    expect(
      (await call(app, 'GET', `${RULES}/indicators/${code}/history`)).body.versions ?? [],
    ).toEqual([]);
  });

  test('a planner enters values; a viewer and the public may not', async () => {
    expect((await put('III.14', { value: 31, ...YEARBOOK }, 'urban', t.as('planner'))).status).toBe(
      201,
    );
    expect((await put('III.14', { value: 32, ...YEARBOOK }, 'urban', t.as('viewer'))).status).toBe(
      403,
    );
    expect(
      (await put('III.14', { value: 33, ...YEARBOOK }, 'urban', t.as('anonymous'))).status,
    ).toBe(401);
  });
});
