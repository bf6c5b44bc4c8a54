/**
 * Open311 GeoReport v2 under /open311/v2: discovery, services (one per kind), and service
 * requests with their open/closed status, always the public view, whoever asks.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { VIOLATION_KINDS } from '../../../server/domain/violations/violation-kinds.ts';
import { call, DUC_XUAN_POINT, report, testApp, type TestApp } from '../helpers.ts';

type Ctx = Awaited<ReturnType<typeof testApp>>;
let ctx: Ctx;
let anonymous: TestApp;
const ids = {} as Record<'open' | 'dismissed' | 'remedied' | 'archived' | 'grading', string>;
const VIOLATOR = { name: 'Phạm Văn Đức', id_number: '019066000999' };

const step = (id: string, body: Record<string, unknown>) =>
  call(ctx.app, 'POST', `/api/violations/${id}/steps`, body);

beforeAll(async () => {
  ctx = await testApp();
  anonymous = ctx.as('anonymous');
  ids.open = (
    await report(ctx.app, DUC_XUAN_POINT, {
      description: 'Lấn chiếm vỉa hè',
      address: 'Số 5 đường Trường Chinh',
      violator: VIOLATOR,
    })
  ).id;
  await step(ids.open, { to: 'verified' });
  await step(ids.open, { to: 'recorded', record_number: '7/BB' });
  ids.dismissed = (await report(ctx.app)).id;
  await step(ids.dismissed, { to: 'dismissed', note: 'Không vi phạm' });
  ids.remedied = (await report(ctx.app)).id;
  await step(ids.remedied, { to: 'verified' });
  await step(ids.remedied, { to: 'recorded', record_number: '8/BB' });
  await step(ids.remedied, { to: 'decided', decision_number: '9/QĐ-XPHC' });
  await step(ids.remedied, { to: 'remedied' });
  ids.archived = (await report(ctx.app)).id;
  await call(ctx.app, 'POST', `/api/violations/${ids.archived}/archive`, { reason: 'Trùng' });
  ids.grading = (
    await report(ctx.app, DUC_XUAN_POINT, { kind: 'illegal_grading', description: 'San lấp' })
  ).id;
});

const get = (path: string, app = anonymous) => call(app, 'GET', `/open311/v2${path}`);
const raw = (path: string) => anonymous.request(`/open311/v2${path}`);
const requestIds = (body: { service_request_id: string }[]) =>
  body.map((r) => r.service_request_id).sort();

describe('discovery and services', () => {
  test('discovery names the endpoint, GeoReport v2, XML and JSON', async () => {
    const { status, body } = await get('/discovery.json');
    expect(status).toBe(200);
    expect(body.endpoints).toEqual([
      expect.objectContaining({
        specification: 'http://wiki.open311.org/GeoReport_v2',
        url: 'http://localhost/open311/v2',
        type: 'production',
        formats: ['text/xml', 'application/json'],
      }),
    ]);
    const xml = await raw('/discovery.xml');
    expect(xml.headers.get('content-type')).toBe('text/xml; charset=utf-8');
    expect(await xml.text()).toContain(
      '<endpoints><endpoint><specification>http://wiki.open311.org/GeoReport_v2</specification><url>http://localhost/open311/v2</url>',
    );
  });

  test('one service per violation kind, named in Vietnamese', async () => {
    const { body } = await get('/services.json');
    expect(body.map((s: { service_code: string }) => s.service_code)).toEqual([...VIOLATION_KINDS]);
    expect(
      body.find((s: { service_code: string }) => s.service_code === 'illegal_grading'),
    ).toMatchObject({
      service_name: 'San ủi, san lấp trái phép',
      metadata: false,
      type: 'realtime',
    });
  });
});

describe('service requests', () => {
  test('the last 90 days by default, archived cases left out', async () => {
    const { status, body } = await get('/requests.json');
    expect(status).toBe(200);
    expect(requestIds(body)).toEqual([ids.open, ids.dismissed, ids.remedied, ids.grading].sort());
  });

  test('status: open while the office has work to do, closed once remedied or dismissed', async () => {
    expect(requestIds((await get('/requests.json?status=open')).body)).toEqual(
      [ids.open, ids.grading].sort(),
    );
    expect(requestIds((await get('/requests.json?status=closed')).body)).toEqual(
      [ids.dismissed, ids.remedied].sort(),
    );
    expect((await get('/requests.json?status=open,closed')).body).toHaveLength(4);
  });

  test('a request in GeoReport words, with Vietnamese status notes and office times', async () => {
    const { body } = await get(`/requests/${ids.open}.json`);
    expect(body).toHaveLength(1);
    const [lon, lat] = DUC_XUAN_POINT;
    expect(body[0]).toMatchObject({
      service_request_id: ids.open,
      status: 'open',
      service_code: 'sidewalk_encroachment',
      service_name: 'Lấn chiếm vỉa hè, lề đường',
      description: 'Lấn chiếm vỉa hè',
      address: 'Số 5 đường Trường Chinh',
      requested_datetime: '2026-03-10T10:00:00+07:00',
      lat,
      long: lon,
    });
    expect(body[0].status_notes).toMatch(/^Đã lập biên bản; hạn bước tiếp theo: \d\d\/\d\d\/2026$/);
    expect(body[0].expected_datetime).toMatch(/^2026-\d\d-\d\dT23:59:59\+07:00$/);
    const closed = (await get(`/requests/${ids.remedied}.json`)).body[0];
    expect(closed).toMatchObject({ status: 'closed', status_notes: 'Đã khắc phục' });
  });

  test('the public view even for a signed-in lead: no violator, no record numbers', async () => {
    const { body } = await get(`/requests.json?service_request_id=${ids.open}`, ctx.as('lead'));
    expect(requestIds(body)).toEqual([ids.open]);
    const text = JSON.stringify(body);
    for (const secret of [VIOLATOR.name, VIOLATOR.id_number, '7/BB']) {
      expect(text).not.toContain(secret);
    }
  });

  test('service_code and service_request_id narrow the list; unknown ids are left out', async () => {
    expect(requestIds((await get('/requests.json?service_code=illegal_grading')).body)).toEqual([
      ids.grading,
    ]);
    const listed = await get(
      `/requests.json?service_request_id=${ids.grading},nope,${ids.archived}`,
    );
    expect(requestIds(listed.body)).toEqual([ids.grading]);
  });

  test('requests in XML: the same requests, each field an element, an empty one for no value', async () => {
    const json = await get(`/requests.json?service_request_id=${ids.open}`);
    const xml = await raw(`/requests.xml?service_request_id=${ids.open}`);
    expect(xml.status).toBe(200);
    const text = await xml.text();
    expect(text).toContain(
      `<service_requests><request><service_request_id>${ids.open}</service_request_id>`,
    );
    const r = json.body[0];
    for (const field of ['status', 'service_code', 'requested_datetime', 'lat', 'long']) {
      expect(text).toContain(`<${field}>${r[field]}</${field}>`);
    }
    expect(text).toContain('<media_url></media_url>');
    const one = await raw(`/requests/${ids.open}.xml`);
    expect(await one.text()).toContain(`<request><service_request_id>${ids.open}<`);
    const services = await (await raw('/services.xml')).text();
    expect(services.match(/<service>/g)).toHaveLength(VIOLATION_KINDS.length);
  });

  test('start_date and end_date may be days, office time, both whole days included', async () => {
    const report = ctx.clock.now();
    const day = new Date(report.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
    const same = await get(`/requests.json?start_date=${day}&end_date=${day}`);
    expect(same.status).toBe(200);
    expect(same.body).toHaveLength(4);
    const before = await get('/requests.json?start_date=2026-01-01&end_date=2026-03-09');
    expect(before.body).toEqual([]);
  });

  test('start_date and end_date bound the window', async () => {
    const before = await get(
      '/requests.json?start_date=2026-01-01T00:00:00%2B07:00&end_date=2026-03-10T09:59:59%2B07:00',
    );
    expect(before.body).toEqual([]);
    const after = await get('/requests.json?start_date=2026-03-10T10:00:00%2B07:00');
    expect(after.body).toHaveLength(4);
  });

  test.each([
    ['/requests.json?status=pending', 422],
    ['/requests.json?service_code=potholes', 422],
    ['/requests.json?start_date=yesterday', 422],
    ['/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z', 400],
    ['/requests.json?start_date=2026-03-01T00:00:00Z&end_date=2026-02-01T00:00:00Z', 400],
    ['/requests/nope.json', 404],
    [`/requests/${'x'.repeat(5)}`, 404],
  ])('%s is refused with %i as GeoReport’s errors', async (path, status) => {
    const answer = await get(path);
    expect(answer.status).toBe(status);
    expect(answer.body).toEqual([{ code: status, description: expect.any(String) }]);
    expect(answer.body[0].description.length).toBeGreaterThan(10);
  });

  test('an error asked for in XML is GeoReport’s errors in XML, in the language asked', async () => {
    const answer = await anonymous.request('/open311/v2/requests.xml?status=pending', {
      headers: { 'accept-language': 'en' },
    });
    expect(answer.status).toBe(422);
    expect(answer.headers.get('content-type')).toBe('text/xml; charset=utf-8');
    const text = await answer.text();
    expect(text).toMatch(
      /^<\?xml version="1.0" encoding="utf-8"\?>\n<errors><error><code>422<\/code><description>[^<]+<\/description><\/error><\/errors>\n$/,
    );
    const missing = await raw('/requests/nope.xml');
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('<code>404</code><description>');
  });
});
