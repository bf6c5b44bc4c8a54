/**
 * What each reader sees of a violation: the public view without people or staff detail, staff
 * without the violator unless their role needs it; archive and restore; notes; the original text.
 */
import { beforeEach, describe, expect, test } from 'vitest';
import { call, reportBody, testApp, type TestApp, type TestClock } from '../helpers.ts';

type Ctx = Awaited<ReturnType<typeof testApp>>;
type Reader = 'anonymous' | 'viewer' | 'inspector' | 'planner' | 'lead' | 'admin';

const VIOLATOR = {
  name: 'Triệu Thị Quyên',
  id_number: '006188001234',
  address: 'Tổ 7, phường Đức Xuân',
};
const NOTE = 'Đã gặp chủ quán, hẹn tháo mái tôn màu ngọc bích';
const STEP_ACTOR = 'Tổ kiểm tra số 2';
const STEP_NOTE = 'Xác minh tại chỗ cùng tổ dân phố';
const RECORD_NUMBER = '12/BB-TTĐT';
/** What only staff may read; violators' identities only some of them. */
const STAFF_ONLY = [NOTE, STEP_ACTOR, STEP_NOTE, RECORD_NUMBER];
const IDENTITY = Object.values(VIOLATOR);

let ctx: Ctx;
let app: TestApp;
let clock: TestClock;
let id: string;

const get = (who: Reader, path = `/api/violations/${id}`) => call(ctx.as(who), 'GET', path);
const list = (who: Reader, query = '') => call(ctx.as(who), 'GET', `/api/violations?${query}`);
const idsOf = async (who: Reader, query = '') =>
  (await list(who, query)).body.features.map((f: { id: string }) => f.id);
const history = async (who: Reader) => (await get(who, `/api/violations/${id}/history`)).body;

/** A report by the inspector with a violator, a note and two steps with their details. */
async function fullCase(): Promise<string> {
  const inspector = ctx.as('inspector');
  const created = await call(
    inspector,
    'POST',
    '/api/violations',
    reportBody(undefined, { violator: VIOLATOR }),
  );
  expect(created.status).toBe(201);
  const caseId: string = created.body.id;
  const noted = await call(inspector, 'POST', `/api/violations/${caseId}/notes`, { text: NOTE });
  expect(noted.status).toBe(201);
  const steps = [
    { to: 'verified', actor: STEP_ACTOR, note: STEP_NOTE },
    { to: 'recorded', record_number: RECORD_NUMBER },
  ];
  for (const step of steps) {
    const moved = await call(ctx.as('planner'), 'POST', `/api/violations/${caseId}/steps`, step);
    expect(moved.status).toBe(200);
  }
  return caseId;
}

beforeEach(async () => {
  ctx = await testApp();
  ({ app, clock } = ctx);
  id = await fullCase();
});

function expectNone(body: unknown, secrets: string[]): void {
  const text = JSON.stringify(body);
  for (const secret of secrets) expect(text).not.toContain(secret);
}

describe('the public view (anonymous)', () => {
  function expectPublic(properties: Record<string, any>): void {
    expect(properties).toMatchObject({
      violator: null,
      created_by: null,
      original_description: null,
      notes: [],
      status: 'recorded',
    });
    expect(properties.steps).toHaveLength(3);
    for (const step of properties.steps) {
      expect(step).toMatchObject({ actor: null, note: null, details: {} });
    }
  }

  test('a record has no violator, reporter, notes or step actors, notes and details', async () => {
    const answer = await get('anonymous');
    expect(answer.status).toBe(200);
    expectPublic(answer.body.properties);
    expectNone(answer.body, [...STAFF_ONLY, ...IDENTITY, ctx.users.inspector.id]);
  });

  test('the list shows the same public view', async () => {
    const answer = await list('anonymous');
    expect(answer.body.numberMatched).toBe(1);
    expectPublic(answer.body.features[0].properties);
    expectNone(answer.body, [...STAFF_ONLY, ...IDENTITY, ctx.users.inspector.id]);
  });

  test('the map as of a past date is for signed-in users: its texts may since have been cleaned', async () => {
    const answer = await list('anonymous', 'asOf=2026-03-10');
    expect(answer.status).toBe(401);
    expect(answer.body.error.code).toBe('UNAUTHENTICATED');
    expectNone(answer.body, [...STAFF_ONLY, ...IDENTITY, 'Quán nước']);
  });

  test('the history is for signed-in users only: 401', async () => {
    const answer = await get('anonymous', `/api/violations/${id}/history`);
    expect(answer.status).toBe(401);
    expect(answer.body.error.code).toBe('UNAUTHENTICATED');
  });
});

describe('staff views', () => {
  test.each(['viewer', 'admin'] as const)(
    '%s sees notes, the reporter and step details but not the violator',
    async (who) => {
      for (const answer of [
        (await get(who)).body,
        (await list(who)).body.features[0],
        (await list(who, 'asOf=2026-03-10')).body.features[0],
      ]) {
        const p = answer.properties;
        expect(p.violator).toBeNull();
        expect(p.created_by).toBe(ctx.users.inspector.id);
        expect(p.notes).toEqual([expect.objectContaining({ text: NOTE })]);
        expect(p.steps[1]).toMatchObject({ actor: STEP_ACTOR, note: STEP_NOTE });
        expect(p.steps[2].details).toEqual({ record_number: RECORD_NUMBER });
        expectNone(answer, IDENTITY);
      }
    },
  );

  test.each(['inspector', 'planner', 'lead'] as const)('%s sees the violator', async (who) => {
    expect((await get(who)).body.properties.violator).toEqual(VIOLATOR);
    expect((await list(who)).body.features[0].properties.violator).toEqual(VIOLATOR);
  });

  test.each(['viewer', 'admin', 'inspector'] as const)(
    "%s's history shows each version as the record itself is shown",
    async (who) => {
      const { versions } = await history(who);
      expect(versions.map((v: { action: string }) => v.action)).toEqual([
        'create',
        'note',
        'step:verified',
        'step:recorded',
      ]);
      const { overdue: _, ...now } = (await get(who)).body.properties;
      expect(versions.at(-1).after.properties).toEqual(now);
      const seesIdentity = who === 'inspector';
      for (const v of versions) {
        for (const state of [v.before, v.after].filter(Boolean)) {
          expect(state.properties.violator).toEqual(seesIdentity ? VIOLATOR : null);
        }
      }
      if (!seesIdentity) expectNone(versions, IDENTITY);
    },
  );

  test('a changed violator shows in the history only to those who may see it', async () => {
    const changed = { name: 'Hoàng Văn Pháo', id_number: '006077009999' };
    const edit = await call(ctx.as('planner'), 'PATCH', `/api/violations/${id}`, {
      properties: { violator: changed },
    });
    expect(edit.status).toBe(200);
    const viewer = (await history('viewer')).versions.at(-1);
    expect(viewer).toMatchObject({ action: 'update' });
    expect([viewer.before.properties.violator, viewer.after.properties.violator]).toEqual([
      null,
      null,
    ]);
    expectNone(viewer, [...Object.values(changed), ...IDENTITY]);
    const lead = (await history('lead')).versions.at(-1);
    expect(lead.before.properties.violator).toEqual(VIOLATOR);
    expect(lead.after.properties.violator).toEqual(changed);
  });
});

describe('search never finds what a reader may not see', () => {
  test.each([
    ["the violator's name", 'quyen'],
    ["the violator's identity number", VIOLATOR.id_number],
    ["a note's text", 'ngoc bich'],
    ["a step's note", 'to dan pho'],
  ])(
    'q with %s finds nothing for anonymous visitors or viewers, now or as of a date',
    async (_, q) => {
      expect((await list('anonymous', `q=${encodeURIComponent(q)}`)).body.numberMatched).toBe(0);
      for (const query of [
        `q=${encodeURIComponent(q)}`,
        `q=${encodeURIComponent(q)}&asOf=2026-03-10`,
      ]) {
        expect((await list('viewer', query)).body.numberMatched).toBe(0);
      }
    },
  );

  test('the public text is found (the searches above would find a match)', async () => {
    expect(await idsOf('anonymous', 'q=quan%20nuoc')).toEqual([id]);
    expect(await idsOf('viewer', 'q=quan%20nuoc&asOf=2026-03-10')).toEqual([id]);
  });
});

describe('archive and restore', () => {
  const archive = (reason?: string, who: Reader = 'lead') =>
    call(ctx.as(who), 'POST', `/api/violations/${id}/archive`, reason ? { reason } : {});
  const restore = (reason: string) =>
    call(ctx.as('lead'), 'POST', `/api/violations/${id}/restore`, { reason });

  test('each is in the history with its reason and who did it', async () => {
    clock.set('2026-03-11T02:00:00.000Z');
    expect((await archive('Trùng với báo cáo ngày 09/3')).status).toBe(200);
    clock.set('2026-03-12T02:00:00.000Z');
    const restored = await restore('Không trùng: hai quán khác nhau');
    expect(restored.status).toBe(200);
    expect(restored.body.properties.archived_at).toBeNull();
    const { versions, users } = await history('viewer');
    const lead = ctx.users.lead.id;
    expect(versions.slice(-2)).toMatchObject([
      {
        action: 'archive',
        reason: 'Trùng với báo cáo ngày 09/3',
        user: lead,
        at: '2026-03-11T02:00:00.000Z',
        after: { properties: { archived_at: '2026-03-11T02:00:00.000Z' } },
      },
      {
        action: 'restore',
        reason: 'Không trùng: hai quán khác nhau',
        user: lead,
        at: '2026-03-12T02:00:00.000Z',
        after: { properties: { archived_at: null } },
      },
    ]);
    expect(users[lead]).toEqual({ username: 'lead', display_name: 'Test lead' });
  });

  test('a reason is required: 422 and nothing written', async () => {
    const answer = await archive();
    expect(answer.status).toBe(422);
    expect((await get('lead')).body.properties).toMatchObject({ archived_at: null, version: 4 });
  });

  test('archiving twice: 409, restoring a record that is not archived: 409', async () => {
    expect((await restore('Không lưu trữ')).status).toBe(409);
    await archive('Trùng');
    expect((await archive('Lần nữa')).status).toBe(409);
  });

  test('an archived record leaves the lists; staff ask for it with archived=include|only', async () => {
    const other = (await call(app, 'POST', '/api/violations', reportBody())).body.id;
    await archive('Trùng');
    expect(await idsOf('viewer')).toEqual([other]);
    expect(new Set(await idsOf('viewer', 'archived=include'))).toEqual(new Set([id, other]));
    expect(await idsOf('viewer', 'archived=only')).toEqual([id]);
    expect((await get('viewer')).body.properties.archived_at).toEqual(expect.any(String));
  });

  test('the public never sees an archived record, whatever it asks', async () => {
    const other = (await call(app, 'POST', '/api/violations', reportBody())).body.id;
    clock.set('2026-03-11T02:00:00.000Z');
    await archive('Báo cáo sai');
    const answer = await get('anonymous');
    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe('NOT_FOUND');
    for (const query of ['', 'archived=include', 'archived=only']) {
      expect(await idsOf('anonymous', query)).toEqual([other]);
    }
    // Staff see the map as it stood, the archived record included.
    expect(new Set(await idsOf('viewer', 'asOf=2026-03-10'))).toEqual(new Set([id, other]));
  });

  test('restored, it is back on the public map', async () => {
    await archive('Trùng');
    await restore('Không trùng');
    expect((await get('anonymous')).status).toBe(200);
    expect(await idsOf('anonymous')).toEqual([id]);
  });

  test('an archived record cannot be changed until restored: 409 ARCHIVED', async () => {
    await archive('Trùng');
    for (const [path, body] of [
      ['', { properties: { description: 'Sửa' } }],
      ['/notes', { text: 'Ghi chú' }],
      ['/steps', { to: 'decided', decision_number: '5/QĐ-XPHC' }],
    ] as const) {
      const method = path === '' ? 'PATCH' : 'POST';
      const answer = await call(app, method, `/api/violations/${id}${path}`, body);
      expect(answer.status).toBe(409);
      expect(answer.body.error.code).toBe('ARCHIVED');
    }
    expect((await get('lead')).body.properties.version).toBe(5);
  });
});

describe('notes', () => {
  test('are appended with their author and time, each a version', async () => {
    clock.set('2026-03-12T01:30:00.000Z');
    const answer = await call(app, 'POST', `/api/violations/${id}/notes`, {
      text: '  Chủ quán đã dọn một nửa  ',
    });
    expect(answer.status).toBe(201);
    expect(answer.body.properties.notes).toEqual([
      expect.objectContaining({
        text: NOTE,
        by: ctx.users.inspector.id,
        at: '2026-03-10T03:00:00.000Z',
      }),
      {
        id: expect.any(String),
        text: 'Chủ quán đã dọn một nửa',
        by: ctx.users.office.id,
        at: '2026-03-12T01:30:00.000Z',
      },
    ]);
    expect(answer.body.properties.version).toBe(5);
    const last = (await history('viewer')).versions.at(-1);
    expect(last).toMatchObject({ action: 'note', user: ctx.users.office.id, version: 5 });
  });

  test('an empty note: 422 and nothing written', async () => {
    const answer = await call(app, 'POST', `/api/violations/${id}/notes`, { text: '   ' });
    expect(answer.status).toBe(422);
    expect((await get('viewer')).body.properties.notes).toHaveLength(1);
  });
});

describe('editing keeps the original text', () => {
  let reportId: string;
  const edit = (properties: object) =>
    call(ctx.as('planner'), 'PATCH', `/api/violations/${reportId}`, { properties });
  const propsOf = async (who: Reader) =>
    (await get(who, `/api/violations/${reportId}`)).body.properties;

  beforeEach(async () => {
    const created = await call(ctx.as('inspector'), 'POST', '/api/violations', reportBody());
    reportId = created.body.id;
  });

  test('the first text edit keeps what the inspector wrote; the second does not overwrite it', async () => {
    await edit({ description: 'Quán nước lấn chiếm 10 m² vỉa hè' });
    expect(await propsOf('viewer')).toMatchObject({
      description: 'Quán nước lấn chiếm 10 m² vỉa hè',
      original_description: 'Quán nước lấn chiếm vỉa hè',
    });
    await edit({ description: 'Quán nước lấn chiếm 12 m² vỉa hè' });
    expect(await propsOf('viewer')).toMatchObject({
      description: 'Quán nước lấn chiếm 12 m² vỉa hè',
      original_description: 'Quán nước lấn chiếm vỉa hè',
      version: 3,
    });
    expect((await propsOf('anonymous')).original_description).toBeNull();
  });

  test('an edit that leaves the text alone keeps no original', async () => {
    await edit({ kind: 'road_encroachment' });
    expect(await propsOf('viewer')).toMatchObject({
      kind: 'road_encroachment',
      original_description: null,
      version: 2,
    });
  });

  test('an edit that changes nothing writes no version', async () => {
    const before = (await ctx.store.audit.list({ limit: 1, offset: 0 })).total;
    const same = await edit({
      kind: 'sidewalk_encroachment',
      description: 'Quán nước lấn chiếm vỉa hè',
    });
    expect(same.status).toBe(200);
    expect(same.body.properties.version).toBe(1);
    expect((await ctx.store.audit.list({ limit: 1, offset: 0 })).total).toBe(before);
  });

  test.each([
    ['an empty body', {}],
    ['empty properties', { properties: {} }],
    ['only unknown members', { bbox: [0, 0, 1, 1], reason: 'không có gì' }],
  ])('an edit with nothing to change (%s): 422 and nothing written', async (_, body) => {
    const answer = await call(ctx.as('planner'), 'PATCH', `/api/violations/${reportId}`, body);
    expect(answer.status).toBe(422);
    expect(answer.body.error.code).toBe('VALIDATION_FAILED');
    expect((await propsOf('viewer')).version).toBe(1);
  });
});

describe('a note sent again with its client id (an offline retry)', () => {
  test('is added once: 201 the first time, 200 after, one note and one version', async () => {
    const noteId = crypto.randomUUID();
    const send = () =>
      call(ctx.as('inspector'), 'POST', `/api/violations/${id}/notes`, {
        id: noteId,
        text: 'Quay lại: vẫn lấn chiếm',
      });
    const versions = async () => (await history('viewer')).versions.length;
    const before = await versions();
    const first = await send();
    expect(first.status).toBe(201);
    const again = await send();
    expect(again.status).toBe(200);
    expect(again.body.properties.notes.filter((n: { id: string }) => n.id === noteId)).toHaveLength(
      1,
    );
    expect(again.body.properties.version).toBe(first.body.properties.version);
    expect(await versions()).toBe(before + 1);
  });

  test('a note id that is not a UUID is refused', async () => {
    const answer = await call(ctx.as('inspector'), 'POST', `/api/violations/${id}/notes`, {
      id: 'note-1',
      text: 'x',
    });
    expect(answer.status).toBe(422);
  });
});
