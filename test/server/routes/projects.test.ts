import fc from 'fast-check';
import { beforeEach, describe, expect, test } from 'vitest';
import {
  call,
  HANOI_POINT,
  insideWard,
  START,
  testApp,
  type TestApp,
  type TestClock,
} from '../helpers.ts';
import { gridSquare, projectBody } from '../project-fixtures.ts';

let t: Awaited<ReturnType<typeof testApp>>;
let app: TestApp;
let clock: TestClock;
beforeEach(async () => {
  t = await testApp();
  ({ app, clock } = t);
});

const post = (body: unknown, headers?: Record<string, string>) =>
  call(app, 'POST', '/api/projects', body, headers);

async function create(extra: Record<string, unknown> = {}) {
  const answer = await post(projectBody(extra));
  if (answer.status !== 201) throw new Error(`create failed: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

describe('POST /api/projects', () => {
  test('creates a project: 201, Location, area from the boundary, ward, stage announced today', async () => {
    const answer = await post(projectBody());
    expect(answer.status).toBe(201);
    const { id, properties } = answer.body;
    expect(answer.headers.get('location')).toBe(`/api/projects/${id}`);
    expect(answer.headers.get('content-type')).toMatch(/^application\/geo\+json/);
    // Turf measures on a sphere: within 0.5 % of the surveyed area.
    expect(Math.abs(properties.area_ha - 1)).toBeLessThanOrEqual(0.01);
    expect(properties).toMatchObject({
      name: 'Đường Trường Chinh kéo dài',
      stage: 'announced',
      stage_dates: { announced: '2026-03-10' },
      ward_codes: ['2025-01840'],
      households: { total: 0, counted: 0, agreed: 0, paid: 0, handed_over: 0 },
      blocked: false,
      obstacles: [],
      created_by: t.users.office.id,
      created_at: START,
      version: 1,
      archived_at: null,
      overdue: false,
    });
    // Agricultural land: the recovery decision no sooner than 60 days after the notice.
    expect(properties.deadlines.map((d: { key: string; date: string }) => [d.key, d.date])).toEqual(
      [
        ['recovery_not_before', '2026-05-11'],
        ['notice_validity', '2027-03-10'],
      ],
    );
    expect(properties.next_deadline).toMatchObject({ key: 'notice_validity', status: 'pending' });
    expect((await call(app, 'GET', `/api/projects/${id}`)).body).toEqual(answer.body);
  });

  test('the same client id sent again answers the first project, never a copy', async () => {
    const id = crypto.randomUUID();
    const first = await post(projectBody({}, id));
    const again = await post(projectBody({ name: 'gửi lại' }, id));
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body).toEqual(first.body);
    expect((await call(app, 'GET', '/api/projects')).body.numberMatched).toBe(1);
  });

  test('a project across two wards names both', async () => {
    const a = insideWard('2025-01840');
    const b = insideWard('2025-01843');
    const answer = await post({
      ...projectBody(),
      geometry: {
        type: 'MultiPolygon',
        coordinates: [gridSquare(a, 100).coordinates, gridSquare(b, 100).coordinates],
      },
    });
    expect(answer.status).toBe(201);
    expect(answer.body.properties.ward_codes).toEqual(['2025-01840', '2025-01843']);
    expect(Math.abs(answer.body.properties.area_ha - 2)).toBeLessThanOrEqual(0.01);
  });

  test.each([
    ['a point', { type: 'Point', coordinates: [105.834, 22.147] }, 'INVALID_GEOMETRY'],
    ['outside the city', gridSquare(HANOI_POINT, 100), 'OUT_OF_AREA'],
    [
      'a self-intersecting boundary',
      {
        type: 'Polygon',
        coordinates: [
          [
            [105.83, 22.14],
            [105.84, 22.15],
            [105.84, 22.14],
            [105.83, 22.15],
            [105.83, 22.14],
          ],
        ],
      },
      'INVALID_GEOMETRY',
    ],
  ])('refuses %s', async (_, geometry, code) => {
    const answer = await post(projectBody({}, undefined, geometry));
    expect(answer.status).toBe(422);
    expect(answer.body.error.code).toBe(code);
    expect((await call(app, 'GET', '/api/projects')).body.numberMatched).toBe(0);
  });

  test.each([
    ['no name', { name: '' }],
    ['an unknown land type', { land_type: 'forest' }],
    ['an area sent by the client', { area_ha: 5 }],
    [
      'more households counted than there are',
      { households: { total: 3, counted: 4, agreed: 0, paid: 0, handed_over: 0 } },
    ],
    [
      'a negative household count',
      { households: { total: 3, counted: -1, agreed: 0, paid: 0, handed_over: 0 } },
    ],
    ['blocked with no obstacle', { blocked: true }],
    ['a stage date in the future', { stage_dates: { announced: '2026-03-11' } }],
    [
      'a date of a stage not reached',
      { stage_dates: { announced: '2026-03-01', counting: '2026-03-02' } },
    ],
    [
      'stage dates out of order',
      { stage: 'counting', stage_dates: { announced: '2026-03-05', counting: '2026-03-01' } },
    ],
    ['an unknown stage', { stage: 'demolished' }],
  ])('refuses %s with 422 and writes nothing', async (_, extra) => {
    const answer = await post(projectBody(extra), { 'accept-language': 'en' });
    expect(answer.status).toBe(422);
    expect(answer.body.error.code).toBe('VALIDATION_FAILED');
    expect(answer.body.error.message).toMatch(/^[\x20-\x7E—…≤()"“”]+$/u);
    expect((await call(app, 'GET', '/api/projects')).body.numberMatched).toBe(0);
  });

  test('speaks Vietnamese by default', async () => {
    const answer = await post(projectBody({ blocked: true }));
    expect(answer.body.error.message).toContain('vướng mắc');
  });
});

describe('PATCH /api/projects/:id', () => {
  test('corrects fields with the current version; a stale version answers 409', async () => {
    const { id } = await create();
    const ok = await call(app, 'PATCH', `/api/projects/${id}`, {
      version: 1,
      properties: {
        households: { total: 40, counted: 12, agreed: 5, paid: 0, handed_over: 0 },
        blocked: true,
        obstacles: [{ text: 'Hai hộ chưa đồng ý đơn giá bồi thường', since: '2026-03-09' }],
      },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.properties).toMatchObject({
      version: 2,
      blocked: true,
      households: { total: 40 },
    });
    expect(ok.body.properties.obstacles).toEqual([
      {
        id: expect.any(String),
        text: 'Hai hộ chưa đồng ý đơn giá bồi thường',
        since: '2026-03-09',
      },
    ]);
    const stale = await call(app, 'PATCH', `/api/projects/${id}`, {
      version: 1,
      properties: { name: 'x' },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'CONFLICT', details: { current_version: 2 } });
  });

  test('a new boundary gives a new area', async () => {
    const { id } = await create();
    const answer = await call(app, 'PATCH', `/api/projects/${id}`, {
      geometry: gridSquare(insideWard('2025-01840'), 200),
    });
    expect(Math.abs(answer.body.properties.area_ha - 4)).toBeLessThanOrEqual(0.02);
  });

  test('the same values sent again write no version', async () => {
    const { id } = await create();
    const same = await call(app, 'PATCH', `/api/projects/${id}`, {
      properties: { land_type: 'agricultural' },
    });
    expect(same.body.properties.version).toBe(1);
    expect((await call(app, 'GET', `/api/projects/${id}/history`)).body.versions).toHaveLength(1);
  });

  test('a planner corrects the stage and its dates', async () => {
    const { id } = await create();
    const answer = await call(app, 'PATCH', `/api/projects/${id}`, {
      properties: {
        stage: 'counting',
        stage_dates: { announced: '2026-01-05', counting: '2026-02-01' },
      },
      reason: 'nhập lại theo hồ sơ giấy',
    });
    expect(answer.status).toBe(200);
    expect(answer.body.properties.stage).toBe('counting');
    const history = (await call(app, 'GET', `/api/projects/${id}/history`)).body.versions;
    expect(history.at(-1)).toMatchObject({ action: 'update', reason: 'nhập lại theo hồ sơ giấy' });
  });
});

describe('POST /api/projects/:id/stage', () => {
  test('moves one stage forward with its date', async () => {
    const { id } = await create();
    clock.set('2026-03-20T03:00:00.000Z');
    const answer = await call(app, 'POST', `/api/projects/${id}/stage`, {
      to: 'counting',
      date: '2026-03-18',
      version: 1,
    });
    expect(answer.status).toBe(200);
    expect(answer.body.properties).toMatchObject({
      stage: 'counting',
      stage_dates: { announced: '2026-03-10', counting: '2026-03-18' },
      version: 2,
    });
  });

  test.each([
    ['skips a stage', { to: 'plan_posted' }, 409, 'ILLEGAL_TRANSITION'],
    ['goes back', { to: 'announced' }, 409, 'ILLEGAL_TRANSITION'],
    [
      'is dated before the previous stage',
      { to: 'counting', date: '2026-03-01' },
      422,
      'VALIDATION_FAILED',
    ],
    ['is dated in the future', { to: 'counting', date: '2026-03-11' }, 422, 'VALIDATION_FAILED'],
  ])('refuses a move that %s', async (_, body, status, code) => {
    const { id } = await create();
    const answer = await call(app, 'POST', `/api/projects/${id}/stage`, body);
    expect(answer.status).toBe(status);
    expect(answer.body.error.code).toBe(code);
    expect((await call(app, 'GET', `/api/projects/${id}`)).body.properties.version).toBe(1);
  });
});

describe('GET /api/projects', () => {
  test('asOf shows the project as it stood at the end of that day', async () => {
    const { id } = await create();
    clock.set('2026-03-12T03:00:00.000Z');
    await call(app, 'POST', `/api/projects/${id}/stage`, { to: 'counting' });
    const then = await call(app, 'GET', '/api/projects?asOf=2026-03-11');
    expect(then.body.features.map((f: any) => f.properties.stage)).toEqual(['announced']);
    const before = await call(app, 'GET', '/api/projects?asOf=2026-03-09');
    expect(before.body.numberMatched).toBe(0);
    const now = await call(app, 'GET', '/api/projects');
    expect(now.body.features[0].properties.stage).toBe('counting');
  });

  test('filters by stage, blocked, ward, bbox and words without diacritics', async () => {
    const a = await create({ name: 'Khu tái định cư Đức Xuân' });
    const b = await create({
      name: 'Mở rộng đường Nguyễn Văn Tố',
      blocked: true,
      obstacles: [{ text: 'Mồ mả chưa di dời' }],
    });
    const ids = async (query: string) =>
      (await call(app, 'GET', `/api/projects?${query}`)).body.features.map((f: any) => f.id);
    expect(await ids('q=duc%20xuan')).toEqual([a.id]);
    expect(await ids('blocked=true')).toEqual([b.id]);
    expect(await ids('blocked=false')).toEqual([a.id]);
    expect(await ids('stage=announced,counting')).toHaveLength(2);
    expect(await ids('stage=counting')).toEqual([]);
    expect(await ids('ward=2025-01840')).toHaveLength(2);
    expect(await ids('ward=2025-01849')).toEqual([]);
    expect(await ids('bbox=105.0,21.0,105.1,21.1')).toEqual([]);
    expect(await ids('limit=1&offset=1')).toHaveLength(1);
  });

  test('overdue: a notice not followed by the approval within 12 months', async () => {
    const { id } = await create({ land_type: 'other' });
    const ids = async (query: string) =>
      (await call(app, 'GET', `/api/projects?${query}`)).body.features.map((f: any) => f.id);
    clock.set('2027-03-10T16:59:59.000Z'); // the last day of the notice, 23:59:59 in Vietnam
    expect(await ids('overdue=true')).toEqual([]);
    clock.set('2027-03-10T17:00:00.000Z'); // the day after, 00:00 in Vietnam
    expect(await ids('overdue=true')).toEqual([id]);
    expect(await ids('overdue=false')).toEqual([]);
    expect((await call(app, 'GET', `/api/projects/${id}`)).body.properties).toMatchObject({
      overdue: true,
      next_deadline: { key: 'notice_validity', status: 'overdue' },
    });
  });

  test.each([
    'stage=demolished',
    'blocked=yes',
    'limit=0',
    'bbox=1,2,3',
    'asOf=2026-02-30',
    'ward=01840',
  ])('refuses %s with 422', async (query) => {
    const answer = await call(app, 'GET', `/api/projects?${query}`);
    expect(answer.status).toBe(422);
    expect(answer.body.error.code).toBe('VALIDATION_FAILED');
  });
});

describe('who sees and does what', () => {
  test('anonymous visitors see the blocked flag but neither the obstacles nor who entered it', async () => {
    const { id } = await create({
      blocked: true,
      obstacles: [{ text: 'Tranh chấp ranh giới thửa đất' }],
    });
    const seen = (await call(t.as('anonymous'), 'GET', `/api/projects/${id}`)).body.properties;
    expect(seen).toMatchObject({ blocked: true, obstacles: [], created_by: null });
    const listed = (await call(t.as('anonymous'), 'GET', '/api/projects')).body.features[0]
      .properties;
    expect(listed).toMatchObject({ blocked: true, obstacles: [], created_by: null });
    expect(JSON.stringify(listed)).not.toContain('Tranh chấp');
    const staff = (await call(t.as('viewer'), 'GET', `/api/projects/${id}`)).body.properties;
    expect(staff.obstacles[0].text).toBe('Tranh chấp ranh giới thửa đất');
  });

  test('an inspector may not create a project; a planner may', async () => {
    expect((await call(t.as('inspector'), 'POST', '/api/projects', projectBody())).status).toBe(
      403,
    );
    expect((await call(t.as('planner'), 'POST', '/api/projects', projectBody())).status).toBe(201);
  });

  test('the lead archives with a reason; the project leaves the map and comes back on restore', async () => {
    const { id } = await create();
    const planner = await call(t.as('planner'), 'POST', `/api/projects/${id}/archive`, {
      reason: 'trùng',
    });
    expect(planner.status).toBe(403);
    const lead = t.as('lead');
    const archived = await call(lead, 'POST', `/api/projects/${id}/archive`, {
      reason: 'Nhập trùng',
    });
    expect(archived.status).toBe(200);
    expect(archived.body.properties.archived_at).toBe(START);
    expect((await call(app, 'GET', '/api/projects')).body.numberMatched).toBe(0);
    expect((await call(app, 'GET', '/api/projects?archived=only')).body.numberMatched).toBe(1);
    expect((await call(t.as('anonymous'), 'GET', `/api/projects/${id}`)).status).toBe(404);
    const edit = await call(app, 'PATCH', `/api/projects/${id}`, { properties: { name: 'x' } });
    expect(edit.body.error.code).toBe('ARCHIVED');
    expect(
      (await call(lead, 'POST', `/api/projects/${id}/archive`, { reason: 'lại' })).status,
    ).toBe(409);
    expect((await call(lead, 'POST', `/api/projects/${id}/archive`, {})).status).toBe(422);
    const restored = await call(lead, 'POST', `/api/projects/${id}/restore`, {
      reason: 'Không trùng',
    });
    expect(restored.body.properties).toMatchObject({ archived_at: null, version: 3 });
    const history = (await call(app, 'GET', `/api/projects/${id}/history`)).body;
    expect(history.versions.map((v: any) => [v.action, v.reason])).toEqual([
      ['create', null],
      ['archive', 'Nhập trùng'],
      ['restore', 'Không trùng'],
    ]);
    expect(history.users[t.users.lead.id]).toBeDefined();
  });

  test('an unknown project is 404 in the error envelope', async () => {
    const answer = await call(app, 'GET', `/api/projects/${crypto.randomUUID()}`);
    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe('NOT_FOUND');
  });
});

describe('hostile list queries', () => {
  test('any query string gets an answer, never a 5xx, and a refusal in the envelope', async () => {
    await create({ blocked: true, obstacles: [{ text: 'Tranh chấp' }] });
    const value = fc.oneof(
      fc.string(),
      fc.constantFrom(
        '1e999',
        'NaN',
        '-1',
        '',
        'true',
        'announced,,',
        '105.8,22.1,105.9,22.2',
        '2026-02-30',
      ),
    );
    const key = fc.constantFrom(
      'bbox',
      'stage',
      'ward',
      'blocked',
      'overdue',
      'q',
      'limit',
      'offset',
      'asOf',
      'archived',
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(key, value), { maxLength: 5 }), async (pairs) => {
        const query = new URLSearchParams(pairs).toString();
        const answer = await call(t.as('anonymous'), 'GET', `/api/projects?${query}`);
        expect(answer.status, query).toBeLessThan(500);
        if (answer.status >= 400) expect(Object.keys(answer.body)).toEqual(['error']);
        else expect(JSON.stringify(answer.body)).not.toContain('Tranh chấp');
      }),
      { numRuns: 150 },
    );
  });
});
