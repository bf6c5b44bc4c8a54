import { beforeEach, describe, expect, test } from 'vitest';
import { MAX_VERTICES } from '../../../server/domain/geometry.ts';
import {
  call,
  HANOI_POINT,
  insideWard,
  square,
  START,
  testApp,
  type TestApp,
  type TestClock,
} from '../helpers.ts';
import { gapBody, streetIn } from '../gap-fixtures.ts';
import { projectBody } from '../project-fixtures.ts';

let t: Awaited<ReturnType<typeof testApp>>;
let app: TestApp;
let clock: TestClock;
beforeEach(async () => {
  t = await testApp();
  ({ app, clock } = t);
});

const post = (body: unknown, headers?: Record<string, string>) =>
  call(app, 'POST', '/api/gaps', body, headers);

async function create(...args: Parameters<typeof gapBody>) {
  const answer = await post(gapBody(...args));
  if (answer.status !== 201) throw new Error(`create failed: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

describe('POST /api/gaps', () => {
  test('creates a gap on a street: 201, Location, open, its ward from the line', async () => {
    const answer = await post(gapBody());
    expect(answer.status).toBe(201);
    const { id, properties, geometry } = answer.body;
    expect(answer.headers.get('location')).toBe(`/api/gaps/${id}`);
    expect(answer.headers.get('content-type')).toMatch(/^application\/geo\+json/);
    expect(geometry.type).toBe('LineString');
    expect(properties).toMatchObject({
      rule_set: 'nq111-2025-table2a',
      standard: 'III.09',
      scope: '2025-01840',
      status: 'open',
      current_value: 2.4,
      target_value: 3,
      project_id: null,
      wards: [{ code: '2025-01840', name: 'Phường Đức Xuân' }],
      ward_codes: ['2025-01840'],
      created_by: t.users.office.id,
      created_at: START,
      updated_at: START,
      version: 1,
      archived_at: null,
    });
    expect((await call(app, 'GET', `/api/gaps/${id}`)).body).toEqual(answer.body);
  });

  test('the same client id twice gives one gap, the first (offline retry)', async () => {
    const id = crypto.randomUUID();
    const first = await post(gapBody({}, id));
    const again = await post(gapBody({ title: 'gửi lại' }, id));
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect((await call(app, 'GET', '/api/gaps')).body.numberMatched).toBe(1);
  });

  test('a gap of the whole urban area may have no place: its wards come from the scope', async () => {
    const body = gapBody(
      { standard: 'II.05', scope: 'urban', title: 'Lao động phi nông nghiệp thấp' },
      undefined,
      null,
    );
    const answer = await post(body);
    expect(answer.status).toBe(201);
    expect(answer.body.geometry).toBeNull();
    expect(answer.body.properties.ward_codes).toEqual(['2025-01843', '2025-01840']);
  });

  test('takes Point, Polygon and MultiPolygon places, and a polygon across two wards lies in both', async () => {
    const point = await post(
      gapBody({}, undefined, { type: 'Point', coordinates: insideWard('2025-01840') }),
    );
    expect(point.status).toBe(201);
    const polygon = await post(gapBody({}, undefined, square(insideWard('2025-01840'), 0.001)));
    expect(polygon.status).toBe(201);
    const [a, b] = [
      square(insideWard('2025-01843'), 0.001),
      square(insideWard('2025-01840'), 0.001),
    ];
    const multi = {
      type: 'MultiPolygon',
      coordinates: [a.coordinates, b.coordinates],
    };
    const answer = await post(gapBody({ scope: 'urban', standard: 'III.22' }, undefined, multi));
    expect(answer.status).toBe(201);
    expect([...answer.body.properties.ward_codes].sort()).toEqual(['2025-01840', '2025-01843']);
  });

  test.each([
    [
      'an unknown standard',
      { standard: 'III.99' },
      422,
      'VALIDATION_FAILED',
      /no standard III\.99/,
    ],
    [
      'an unknown rule set',
      { rule_set: 'nq-0000' },
      422,
      'VALIDATION_FAILED',
      /no rule set "nq-0000"/,
    ],
    ['an unknown ward scope', { scope: '2025-09999' }, 422, 'VALIDATION_FAILED', /Unknown scope/],
    ['a malformed standard code', { standard: 'drainage' }, 422, 'VALIDATION_FAILED', /standard/],
    [
      'a project that does not exist',
      { project_id: crypto.randomUUID() },
      422,
      'VALIDATION_FAILED',
      /no project/,
    ],
    ['an unknown field', { colour: 'red' }, 422, 'VALIDATION_FAILED', /colour/],
    ['a status set at creation', { status: 'met' }, 422, 'VALIDATION_FAILED', /status/],
    [
      'a word as the value of a measured standard',
      { current_value: 'low' },
      422,
      'VALIDATION_FAILED',
      /III\.09 needs a number/,
    ],
    [
      'a number as the value of an ordinal standard',
      { standard: 'III.13', current_value: 0 },
      422,
      'VALIDATION_FAILED',
      /rated by level/,
    ],
  ])('refuses %s', async (_, extra, status, code, message) => {
    const answer = await post(gapBody(extra), { 'accept-language': 'en' });
    expect(answer.status).toBe(status);
    expect(answer.body.error.code).toBe(code);
    expect(answer.body.error.message).toMatch(message);
    expect((await call(app, 'GET', '/api/gaps')).body.numberMatched).toBe(0);
  });

  test('refuses a place outside the service area, in Vietnamese by default', async () => {
    const answer = await post(gapBody({}, undefined, { type: 'Point', coordinates: HANOI_POINT }));
    expect(answer.status).toBe(422);
    expect(answer.body.error.code).toBe('OUT_OF_AREA');
    expect(answer.body.error.message).toMatch(/nằm ngoài địa bàn quản lý/);
  });

  test('refuses a place outside its own scope', async () => {
    const answer = await post(gapBody({ scope: '2025-01843' }), { 'accept-language': 'en' });
    expect(answer.status).toBe(422);
    expect(answer.body.error.message).toMatch(/not in the gap's scope/);
  });

  test('refuses a line that crosses itself, a line of one point, and too many vertices', async () => {
    const [lon, lat] = insideWard('2025-01840') as [number, number];
    const d = 0.001;
    const crossing = {
      type: 'LineString',
      coordinates: [
        [lon, lat],
        [lon + d, lat + d],
        [lon + d, lat],
        [lon, lat + d],
      ],
    };
    expect((await post(gapBody({}, undefined, crossing))).body.error.code).toBe('INVALID_GEOMETRY');
    const dot = {
      type: 'LineString',
      coordinates: [
        [lon, lat],
        [lon, lat],
      ],
    };
    expect((await post(gapBody({}, undefined, dot))).body.error.code).toBe('INVALID_GEOMETRY');
    const long = {
      type: 'LineString',
      coordinates: Array.from({ length: MAX_VERTICES + 1 }, (_, i) => [lon + i * 1e-7, lat]),
    };
    const answer = await post(gapBody({}, undefined, long));
    expect(answer.status).toBe(422);
    expect(answer.body.error.code).toBe('TOO_MANY_VERTICES');
  });

  test('refuses overlapping polygons in a MultiPolygon and a GeometryCollection', async () => {
    const a = square(insideWard('2025-01840'), 0.001);
    const overlap = { type: 'MultiPolygon', coordinates: [a.coordinates, a.coordinates] };
    expect((await post(gapBody({}, undefined, overlap))).body.error.code).toBe('INVALID_GEOMETRY');
    const collection = { type: 'GeometryCollection', geometries: [] };
    expect((await post(gapBody({}, undefined, collection))).body.error.code).toBe(
      'INVALID_GEOMETRY',
    );
  });

  test('links a gap to an existing project', async () => {
    const project = await call(app, 'POST', '/api/projects', projectBody());
    expect(project.status).toBe(201);
    const gap = await create({ project_id: project.body.id });
    expect(gap.properties.project_id).toBe(project.body.id);
  });
});

describe('GET /api/gaps', () => {
  test('filters by standard, status, ward, rule set and bbox; q ignores diacritics and folds đ', async () => {
    const drainage = await create();
    const green = await create(
      {
        standard: 'III.22',
        scope: '2025-01843',
        title: 'Thiếu đất cây xanh công cộng ở tổ Đồng Tâm',
      },
      undefined,
      square(insideWard('2025-01843'), 0.001),
    );
    const ids = async (query: string) =>
      (await call(app, 'GET', `/api/gaps?${query}`)).body.features.map((f: { id: string }) => f.id);
    expect(await ids('standard=III.09')).toEqual([drainage.id]);
    expect(await ids('standard=III.09,III.22')).toHaveLength(2);
    expect(await ids('ward=2025-01843')).toEqual([green.id]);
    expect(await ids('rule_set=nq111-2025-table2a')).toHaveLength(2);
    expect(await ids('q=dong tam')).toEqual([green.id]);
    expect(await ids('q=cong thoat nuoc')).toEqual([drainage.id]);
    const [lon, lat] = insideWard('2025-01843') as [number, number];
    expect(await ids(`bbox=${lon - 0.01},${lat - 0.01},${lon + 0.01},${lat + 0.01}`)).toEqual([
      green.id,
    ]);
    await call(app, 'POST', `/api/gaps/${green.id}/status`, { to: 'planned' });
    expect(await ids('status=planned')).toEqual([green.id]);
    expect(await ids('status=open')).toEqual([drainage.id]);
  });

  test('refuses an unknown status filter', async () => {
    const answer = await call(app, 'GET', '/api/gaps?status=finished');
    expect(answer.status).toBe(422);
    expect(answer.body.error.code).toBe('VALIDATION_FAILED');
  });

  test('asOf gives the state at the end of an earlier day', async () => {
    const gap = await create();
    clock.set('2026-03-12T03:00:00.000Z');
    await call(app, 'POST', `/api/gaps/${gap.id}/status`, { to: 'in_progress' });
    const then = (await call(app, 'GET', '/api/gaps?asOf=2026-03-10')).body.features;
    expect(then.map((f: { properties: { status: string } }) => f.properties.status)).toEqual([
      'open',
    ]);
    const now = (await call(app, 'GET', '/api/gaps?asOf=2026-03-12')).body.features;
    expect(now[0].properties.status).toBe('in_progress');
    expect((await call(app, 'GET', '/api/gaps?asOf=2026-03-09')).body.numberMatched).toBe(0);
  });

  test('the public view hides who entered a gap', async () => {
    const gap = await create();
    const seen = await call(t.as('anonymous'), 'GET', `/api/gaps/${gap.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.properties.created_by).toBeNull();
    const listed = (await call(t.as('anonymous'), 'GET', '/api/gaps')).body.features[0];
    expect(listed.properties.created_by).toBeNull();
    expect(listed.properties.title).toBe(gap.properties.title);
  });
});

describe('changing a gap', () => {
  test('PATCH edits with the version, and a stale version is refused with 409', async () => {
    const gap = await create();
    const edit = {
      version: 1,
      properties: { current_value: 2.7, title: 'Đã làm thêm 100 m cống' },
    };
    const answer = await call(app, 'PATCH', `/api/gaps/${gap.id}`, edit);
    expect(answer.status).toBe(200);
    expect(answer.body.properties).toMatchObject({ current_value: 2.7, version: 2 });
    const stale = await call(app, 'PATCH', `/api/gaps/${gap.id}`, edit);
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'CONFLICT', details: { current_version: 2 } });
  });

  test('PATCH to another standard checks the values against it', async () => {
    const gap = await create();
    const ordinal = await call(app, 'PATCH', `/api/gaps/${gap.id}`, {
      properties: { standard: 'III.13' },
    });
    expect(ordinal.status).toBe(422);
    expect(ordinal.body.error.details).toMatchObject({ field: 'properties.current_value' });
    const fixed = await call(app, 'PATCH', `/api/gaps/${gap.id}`, {
      properties: {
        standard: 'III.13',
        current_value: 'none',
        target_value: 'project',
        unit: null,
      },
    });
    expect(fixed.status).toBe(200);
    expect(fixed.body.properties).toMatchObject({
      standard: 'III.13',
      current_value: 'none',
      unit: null,
    });
  });

  test('PATCH with nothing new writes no version', async () => {
    const gap = await create();
    const same = await call(app, 'PATCH', `/api/gaps/${gap.id}`, {
      properties: { title: gap.properties.title },
    });
    expect(same.body.properties.version).toBe(1);
    expect((await call(app, 'GET', `/api/gaps/${gap.id}/history`)).body.versions).toHaveLength(1);
  });

  test('PATCH moving a place re-derives its wards', async () => {
    const gap = await create({ scope: 'urban' });
    const moved = await call(app, 'PATCH', `/api/gaps/${gap.id}`, {
      geometry: streetIn('2025-01843'),
    });
    expect(moved.body.properties.ward_codes).toEqual(['2025-01843']);
  });

  test('status moves forward; a move back is refused; a planner corrects it by PATCH', async () => {
    const gap = await create();
    const planned = await call(app, 'POST', `/api/gaps/${gap.id}/status`, {
      to: 'planned',
      version: 1,
    });
    expect(planned.status).toBe(200);
    expect(planned.body.properties).toMatchObject({ status: 'planned', version: 2 });
    const met = await call(app, 'POST', `/api/gaps/${gap.id}/status`, { to: 'met' });
    expect(met.body.properties.status).toBe('met');
    const back = await call(
      app,
      'POST',
      `/api/gaps/${gap.id}/status`,
      { to: 'open' },
      { 'accept-language': 'en' },
    );
    expect(back.status).toBe(409);
    expect(back.body.error.code).toBe('ILLEGAL_TRANSITION');
    expect(back.body.error.message).toMatch(/Cannot move from "Met" to "Open"/);
    const corrected = await call(app, 'PATCH', `/api/gaps/${gap.id}`, {
      properties: { status: 'in_progress' },
      reason: 'chưa nghiệm thu',
    });
    expect(corrected.body.properties.status).toBe('in_progress');
  });

  test('an unknown status is refused with the status named', async () => {
    const gap = await create();
    const answer = await call(app, 'POST', `/api/gaps/${gap.id}/status`, { to: 'done' });
    expect(answer.status).toBe(422);
  });

  test('archive and restore need a reason, keep the history, and hide the gap from the public', async () => {
    const gap = await create();
    expect((await call(app, 'POST', `/api/gaps/${gap.id}/archive`, {})).status).toBe(422);
    const archived = await call(app, 'POST', `/api/gaps/${gap.id}/archive`, { reason: 'trùng' });
    expect(archived.status).toBe(200);
    expect(archived.body.properties.archived_at).toBe(START);
    expect((await call(t.as('anonymous'), 'GET', `/api/gaps/${gap.id}`)).status).toBe(404);
    expect((await call(app, 'GET', '/api/gaps')).body.numberMatched).toBe(0);
    expect((await call(app, 'GET', '/api/gaps?archived=only')).body.numberMatched).toBe(1);
    const edit = await call(app, 'PATCH', `/api/gaps/${gap.id}`, { properties: { title: 'x' } });
    expect(edit.body.error.code).toBe('ARCHIVED');
    expect(
      (await call(app, 'POST', `/api/gaps/${gap.id}/archive`, { reason: 'lần nữa' })).status,
    ).toBe(409);
    const restored = await call(app, 'POST', `/api/gaps/${gap.id}/restore`, {
      reason: 'không trùng',
    });
    expect(restored.body.properties.archived_at).toBeNull();
    const history = (await call(app, 'GET', `/api/gaps/${gap.id}/history`)).body;
    expect(history.versions.map((v: { action: string }) => v.action)).toEqual([
      'create',
      'archive',
      'restore',
    ]);
    expect(history.versions[1].reason).toBe('trùng');
    expect(history.users[t.users.office.id].username).toBe('office');
  });

  test('a planner writes gaps, an inspector may not, the public may not', async () => {
    expect((await call(t.as('planner'), 'POST', '/api/gaps', gapBody())).status).toBe(201);
    expect((await call(t.as('inspector'), 'POST', '/api/gaps', gapBody())).status).toBe(403);
    expect((await call(t.as('anonymous'), 'POST', '/api/gaps', gapBody())).status).toBe(401);
  });

  test('an unknown id is 404 in the envelope', async () => {
    const answer = await call(app, 'GET', `/api/gaps/${crypto.randomUUID()}`);
    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe('NOT_FOUND');
  });
});
