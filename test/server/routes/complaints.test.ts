import { beforeEach, describe, expect, test } from 'vitest';
import { call, HANOI_POINT, report, testAppWith, type TestApp } from '../helpers.ts';
import { complaintBody } from '../complaint-fixtures.ts';
import { projectBody } from '../project-fixtures.ts';

/** Two officers who receive petitions, to tell the one handling a case from the other. */
const OFFICERS = {
  complaints_officer: ['complaints_officer'],
  complaints_officer_2: ['complaints_officer'],
} as const;
const complaintsApp = () => testAppWith(OFFICERS);
let t: Awaited<ReturnType<typeof complaintsApp>>;
let clerk: TestApp;
beforeEach(async () => {
  t = await complaintsApp();
  clerk = t.as('complaints_officer');
});

async function receive(extra: Record<string, unknown> = {}, geometry?: object | null) {
  const answer = await call(
    clerk,
    'POST',
    '/api/complaints',
    complaintBody(extra, undefined, geometry),
  );
  if (answer.status !== 201) throw new Error(`create failed: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

const step = (id: string, body: object, headers: Record<string, string> = {}) =>
  call(clerk, 'POST', `/api/complaints/${id}/step`, body, headers);

/** A second complaints officer, who handles nothing yet. */
function anotherClerk(): { id: string; app: TestApp } {
  return { id: t.users.complaints_officer_2.id, app: t.as('complaints_officer_2') };
}

describe('POST /api/complaints', () => {
  test('receives a complaint: 201, Location, its ward, received today, the accept clock running', async () => {
    const answer = await call(clerk, 'POST', '/api/complaints', complaintBody());
    expect(answer.status).toBe(201);
    const { id, properties } = answer.body;
    expect(answer.headers.get('location')).toBe(`/api/complaints/${id}`);
    expect(properties).toMatchObject({
      type: 'complaint',
      status: 'received',
      received_on: '2026-03-10',
      step_dates: { received: '2026-03-10' },
      ward_codes: ['2025-01840'],
      petitioner: { name: 'Nguyễn Văn An', phone: '0912345678' },
      created_by: t.users.complaints_officer.id,
      overdue: false,
      next_deadline: '2026-03-20',
    });
    expect(properties.deadlines).toEqual([
      expect.objectContaining({ key: 'accept', date: '2026-03-20', status: 'pending' }),
    ]);
  });

  test('the same client id twice gives one petition, the first (offline retry)', async () => {
    const id = crypto.randomUUID();
    const first = await call(clerk, 'POST', '/api/complaints', complaintBody({}, id));
    const again = await call(
      clerk,
      'POST',
      '/api/complaints',
      complaintBody({ subject: 'lại' }, id),
    );
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body).toEqual(first.body);
  });

  test.each([
    ['an unknown type', { type: 'complaint-ish' }, 'properties.type'],
    ['no subject', { subject: '' }, 'properties.subject'],
    ['a day received after today', { received_on: '2026-03-11' }, 'properties.received_on'],
    [
      'a forwarded petition without the agency',
      { received_via: 'forwarded' },
      'properties.forwarded_from',
    ],
    ['an extension of a complaint', { extensions: 1 }, 'properties.extensions'],
    [
      'an extension before acceptance',
      { type: 'denunciation', extensions: 1 },
      'properties.extensions',
    ],
    [
      'a link to no violation',
      { violation_ids: [crypto.randomUUID()] },
      'properties.violation_ids',
    ],
    ['a handler who is no user', { handler_id: crypto.randomUUID() }, 'properties.handler_id'],
  ])('%s: 422 naming the field, nothing stored', async (_, extra, field) => {
    const answer = await call(clerk, 'POST', '/api/complaints', complaintBody(extra));
    expect(answer.status).toBe(422);
    expect(JSON.stringify(answer.body.error)).toContain(field);
    expect(answer.body.error.message).toMatch(/\S/);
    expect((await call(t.app, 'GET', '/api/complaints')).body.numberMatched).toBe(0);
  });

  test('a place outside the service area: 422 OUT_OF_AREA; no place at all is allowed', async () => {
    const outside = await call(
      clerk,
      'POST',
      '/api/complaints',
      complaintBody({}, undefined, { type: 'Point', coordinates: HANOI_POINT }),
    );
    expect(outside.status).toBe(422);
    expect(outside.body.error.code).toBe('OUT_OF_AREA');
    const nowhere = await receive({ type: 'petition' }, null);
    expect(nowhere.geometry).toBeNull();
    expect(nowhere.properties.ward_codes).toEqual([]);
  });
});

describe('who sees who sent it', () => {
  test('the public sees where and what, never who; staff the case but not the petitioner', async () => {
    const { id } = await receive();
    const publicView = (await call(t.as('anonymous'), 'GET', `/api/complaints/${id}`)).body;
    expect(publicView.properties).toMatchObject({
      petitioner: null,
      content: null,
      created_by: null,
      subject: expect.stringContaining('Khiếu nại'),
    });
    const viewer = (await call(t.as('viewer'), 'GET', `/api/complaints/${id}`)).body;
    expect(viewer.properties.petitioner).toBeNull();
    expect(viewer.properties.content).toContain('quyết định');
    const lead = (await call(t.as('lead'), 'GET', `/api/complaints/${id}`)).body;
    expect(lead.properties.petitioner.name).toBe('Nguyễn Văn An');
    // Nor in a list, a search or the history.
    const list = (await call(t.as('viewer'), 'GET', '/api/complaints?q=nguyen')).body;
    expect(list.numberMatched).toBe(0);
    const history = (await call(t.as('viewer'), 'GET', `/api/complaints/${id}/history`)).body;
    expect(JSON.stringify(history)).not.toContain('Nguyễn Văn An');
  });

  test('a denouncer is known to the one handling it alone: not to another officer, nor the lead', async () => {
    const other = anotherClerk();
    const { id } = await receive({ type: 'denunciation' });
    const seenBy = async (as: TestApp) =>
      (await call(as, 'GET', `/api/complaints/${id}`)).body.properties.petitioner;
    expect(await seenBy(clerk)).toMatchObject({ name: 'Nguyễn Văn An' });
    expect(await seenBy(other.app)).toBeNull();
    expect(await seenBy(t.as('lead'))).toBeNull();
    const handed = await call(clerk, 'PATCH', `/api/complaints/${id}`, {
      properties: { handler_id: other.id },
    });
    expect(handed.status).toBe(200);
    // The answer is as the one who handed it over may now see it.
    expect(handed.body.properties.petitioner).toBeNull();
    expect(await seenBy(other.app)).toMatchObject({ name: 'Nguyễn Văn An' });
    expect(await seenBy(clerk)).toBeNull();
  });
});

describe('steps and clocks', () => {
  test('walks a complaint through every step, each dated, the resolve clock from acceptance', async () => {
    const { id } = await receive({ complex: true });
    t.clock.set('2026-03-13T03:00:00.000Z');
    const accepted = await step(id, { to: 'accepted', version: 1 });
    expect(accepted.status).toBe(200);
    // 45 days for a complex first complaint, from 13/03: 27/04, the day off for the Hùng Kings'
    // Commemoration that year, so the next working day.
    expect(accepted.body.properties.deadlines).toEqual([
      expect.objectContaining({ key: 'accept', status: 'met' }),
      expect.objectContaining({ key: 'resolve', date: '2026-04-28', status: 'pending' }),
    ]);
    for (const to of ['verifying', 'concluded', 'decided', 'closed']) {
      expect((await step(id, { to })).status).toBe(200);
    }
    const closed = (await call(clerk, 'GET', `/api/complaints/${id}`)).body.properties;
    expect(closed.status).toBe('closed');
    expect(closed.step_dates).toMatchObject({ accepted: '2026-03-13', closed: '2026-03-13' });
    const illegal = await step(id, { to: 'withdrawn' });
    expect(illegal.status).toBe(409);
    expect(illegal.body.error.message).toContain('Hồ sơ đơn thư đã kết thúc.');
  });

  test('not accepted needs a reason, forwarded the agency, each named in the refusal', async () => {
    const { id } = await receive();
    const noReason = await step(id, { to: 'not_accepted' });
    expect(noReason.status).toBe(422);
    expect(noReason.body.error.message).toContain('lý do không thụ lý');
    const noAgency = await step(id, { to: 'forwarded' }, { 'accept-language': 'en' });
    expect(noAgency.body.error.message).toContain('the competent agency');
    const forwarded = await step(id, { to: 'forwarded', agency: 'Sở Xây dựng tỉnh Thái Nguyên' });
    expect(forwarded.status).toBe(200);
    expect(forwarded.body.properties).toMatchObject({
      status: 'forwarded',
      forwarded_to: 'Sở Xây dựng tỉnh Thái Nguyên',
      overdue: false,
    });
  });

  test('a stale version is refused with 409 and the current one', async () => {
    const { id } = await receive();
    expect((await step(id, { to: 'accepted', version: 1 })).status).toBe(200);
    const stale = await step(id, { to: 'withdrawn', version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.details).toEqual({ current_version: 2 });
  });

  test('overdue once the accept day has passed; the list sorted by deadline puts it first', async () => {
    const early = await receive();
    t.clock.set('2026-03-15T03:00:00.000Z');
    const late = await receive({ received_on: '2026-03-15' });
    const unplaced = await receive({ type: 'petition', received_on: '2026-03-14' }, null);
    t.clock.set('2026-03-21T03:00:00.000Z');
    const overdue = (await call(clerk, 'GET', '/api/complaints?overdue=true')).body;
    expect(overdue.features.map((f: { id: string }) => f.id)).toEqual([early.id]);
    const sorted = (await call(clerk, 'GET', '/api/complaints?sort=deadline')).body;
    // Accept by 20/03, answer by 24/03, accept by 25/03.
    expect(sorted.features.map((f: { id: string }) => f.id)).toEqual([
      early.id,
      unplaced.id,
      late.id,
    ]);
  });

  test('a denunciation is extended once, twice only when particularly complex', async () => {
    const { id } = await receive({ type: 'denunciation' });
    expect((await step(id, { to: 'accepted' })).status).toBe(200);
    const once = await call(clerk, 'PATCH', `/api/complaints/${id}`, {
      properties: { extensions: 1 },
    });
    expect(once.status).toBe(200);
    const resolve = once.body.properties.deadlines.find(
      (d: { key: string }) => d.key === 'resolve',
    );
    // 30 + 30 days from 10/03: 09/05, a Saturday, so Monday 11/05.
    expect(resolve.date).toBe('2026-05-11');
    const twice = await call(clerk, 'PATCH', `/api/complaints/${id}`, {
      properties: { extensions: 2 },
    });
    expect(twice.status).toBe(422);
    expect(twice.body.error.message).toContain('tối đa 1 lần');
    const complex = await call(clerk, 'PATCH', `/api/complaints/${id}`, {
      properties: { extensions: 2, complex: true },
    });
    expect(complex.status).toBe(200);
  });
});

describe('links and the past', () => {
  test('a petition about a violation and a project is found from each of them', async () => {
    const violation = await report(t.app);
    const project = (await call(t.app, 'POST', '/api/projects', projectBody())).body;
    const { id } = await receive({ violation_ids: [violation.id], project_ids: [project.id] });
    const about = async (query: string) =>
      (await call(t.as('anonymous'), 'GET', `/api/complaints?${query}`)).body.features.map(
        (f: { id: string }) => f.id,
      );
    expect(await about(`violation=${violation.id}`)).toEqual([id]);
    expect(await about(`project=${project.id}`)).toEqual([id]);
    expect(await about(`violation=${crypto.randomUUID()}`)).toEqual([]);
  });

  test('the past is staff only, and shows the petition as it stood that day', async () => {
    const { id } = await receive();
    t.clock.set('2026-03-12T03:00:00.000Z');
    expect((await step(id, { to: 'accepted' })).status).toBe(200);
    const anonymous = await call(t.as('anonymous'), 'GET', '/api/complaints?asOf=2026-03-10');
    expect(anonymous.status).toBe(401);
    const then = await call(t.as('viewer'), 'GET', `/api/complaints/${id}?asOf=2026-03-10`);
    expect(then.body.properties.status).toBe('received');
    const list = await call(
      t.as('viewer'),
      'GET',
      '/api/complaints?asOf=2026-03-11&status=accepted',
    );
    expect(list.body.numberMatched).toBe(0);
  });

  test('archived by the lead with a reason, off the public list, back when restored', async () => {
    const { id } = await receive();
    const archived = await call(t.as('lead'), 'POST', `/api/complaints/${id}/archive`, {
      reason: 'Nhập trùng',
    });
    expect(archived.status).toBe(200);
    expect((await call(t.as('anonymous'), 'GET', `/api/complaints/${id}`)).status).toBe(404);
    expect((await step(id, { to: 'accepted' })).body.error.code).toBe('ARCHIVED');
    expect(
      (await call(t.as('lead'), 'POST', `/api/complaints/${id}/restore`, { reason: 'Nhầm' }))
        .status,
    ).toBe(200);
    expect((await call(t.as('anonymous'), 'GET', `/api/complaints/${id}`)).status).toBe(200);
  });
});

describe('the monthly summary', () => {
  test('counts petitions by type and status, overdue and received, beside the month before', async () => {
    t.clock.set('2026-02-20T03:00:00.000Z');
    await receive({ received_on: '2026-02-20' });
    t.clock.set('2026-03-10T03:00:00.000Z');
    const denunciation = await receive({ type: 'denunciation' });
    await receive({ type: 'petition' });
    expect((await step(denunciation.id, { to: 'accepted' })).status).toBe(200);
    t.clock.set('2026-04-02T03:00:00.000Z');
    const { sections } = (await call(t.as('lead'), 'GET', '/api/reports/monthly/2026-03')).body;
    const section = sections.find((s: { name: string }) => s.name === 'complaints');
    const rows = Object.fromEntries(
      section.rows.map((r: { key: string; current: number; previous: number }) => [
        r.key,
        [r.current, r.previous],
      ]),
    );
    expect(rows).toMatchObject({
      total: [3, 1],
      received: [2, 1],
      // The February complaint was not accepted by 02/03; the petition not answered by 20/03.
      overdue: [2, 0],
      'type:complaint': [1, 1],
      'type:denunciation': [1, 0],
      'type:petition': [1, 0],
      'status:received': [2, 1],
      'status:accepted': [1, 0],
    });
  });
});

describe('the audit log', () => {
  test('shows a petition’s changes as its page does: no denouncer to the lead, no petitioner to the admin', async () => {
    await receive({ type: 'denunciation' });
    await receive({ subject: 'Khiếu nại về biển quảng cáo' });
    const log = async (as: TestApp) =>
      (await call(as, 'GET', '/api/audit?layer=complaints')).body as {
        entries: { after: { properties: { type: string; petitioner: unknown } } }[];
      };
    const lead = await log(t.as('lead'));
    expect(lead.entries).toHaveLength(2);
    const seen = (page: Awaited<ReturnType<typeof log>>, type: string) =>
      page.entries.find((e) => e.after.properties.type === type)!.after.properties.petitioner;
    expect(seen(lead, 'denunciation')).toBeNull();
    expect(seen(lead, 'complaint')).toMatchObject({ name: 'Nguyễn Văn An' });
    const admin = await log(t.as('admin'));
    expect(JSON.stringify(admin)).not.toContain('Nguyễn Văn An');
  });
});
