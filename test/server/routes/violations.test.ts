import { beforeEach, describe, expect, test } from 'vitest';
import type { Position } from 'geojson';
import { MAX_JSON_BYTES } from '../../../server/app.ts';
import {
  call,
  DUC_XUAN_POINT,
  HANOI_POINT,
  insideWard,
  report,
  reportBody,
  square,
  START,
  testApp,
  type TestApp,
  type TestClock,
} from '../helpers.ts';

let app: TestApp;
let clock: TestClock;
beforeEach(async () => {
  ({ app, clock } = await testApp());
});

const post = (body: unknown, headers?: Record<string, string>) =>
  call(app, 'POST', '/api/violations', body, headers);
const count = async () => (await call(app, 'GET', '/api/violations')).body.numberMatched;

describe('POST /api/violations', () => {
  test('creates a report: 201, its Location, its ward, status reported', async () => {
    const answer = await post(reportBody());
    expect(answer.status).toBe(201);
    const { id, properties } = answer.body;
    expect(answer.headers.get('location')).toBe(`/api/violations/${id}`);
    expect(answer.headers.get('content-type')).toMatch(/^application\/geo\+json/);
    expect(properties).toMatchObject({
      status: 'reported',
      version: 1,
      deadline: null,
      overdue: false,
      created_at: START,
      observed_at: START,
      ward: { code: '2025-01840', name: 'Phường Đức Xuân' },
    });
    expect(properties.steps).toEqual([
      expect.objectContaining({ status: 'reported', date: '2026-03-10' }),
    ]);
    expect((await call(app, 'GET', `/api/violations/${id}`)).body).toEqual(answer.body);
  });

  test.each([
    ['2025-01843', 'Phường Bắc Kạn'],
    ['2025-01840', 'Phường Đức Xuân'],
    ['2025-01849', 'Xã Phong Quang'],
  ])('takes the ward %s (%s) from the position', async (code, name) => {
    const created = await report(app, insideWard(code));
    expect(created.properties.ward).toEqual({ code, name });
  });

  test('takes the ward of a polygon from its shape', async () => {
    const body = { ...reportBody(), geometry: square(insideWard('2025-01843'), 0.0005) };
    const answer = await post(body);
    expect(answer.status).toBe(201);
    expect(answer.body.properties.ward.code).toBe('2025-01843');
  });

  test('a retried create with the same client UUID answers 200 and the same record, never a copy', async () => {
    const id = crypto.randomUUID();
    const first = await post(reportBody(DUC_XUAN_POINT, {}, id));
    expect(first.status).toBe(201);
    expect(first.body.id).toBe(id);
    clock.set('2026-03-10T05:00:00.000Z');
    const again = await post(reportBody(DUC_XUAN_POINT, { description: 'sent twice' }, id));
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('location')).toBe(`/api/violations/${id}`);
    expect(await count()).toBe(1);
    expect((await call(app, 'GET', `/api/violations/${id}/history`)).body.versions).toHaveLength(1);
  });

  test('keeps when the inspector saw it; the first step takes its local date', async () => {
    // 23:30 on 9 March in Bắc Kạn is 16:30 UTC.
    const created = await report(app, DUC_XUAN_POINT, { observed_at: '2026-03-09T23:30:00+07:00' });
    expect(created.properties.observed_at).toBe('2026-03-09T16:30:00.000Z');
    expect(created.properties.steps[0].date).toBe('2026-03-09');
  });

  // START is 03:00Z; a phone clock may run up to 10 minutes ahead (CLOCK_SKEW_MS).
  test('takes an observation time a few minutes ahead as now (a phone clock running fast)', async () => {
    const answer = await post(reportBody(DUC_XUAN_POINT, { observed_at: '2026-03-10T03:09:00Z' }));
    expect(answer.status).toBe(201);
    expect(answer.body.properties.observed_at).toBe(START);
  });

  test('refuses an observation time further in the future', async () => {
    const answer = await post(reportBody(DUC_XUAN_POINT, { observed_at: '2026-03-10T03:11:00Z' }));
    expect(answer.status).toBe(422);
    expect(answer.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { field: 'properties.observed_at' },
    });
  });
});

describe('refusals', () => {
  test('an unknown kind: 422, in Vietnamese by default, listing the kinds', async () => {
    const answer = await post(reportBody(DUC_XUAN_POINT, { kind: 'graffiti' }));
    expect(answer.status).toBe(422);
    expect(answer.body.error.code).toBe('VALIDATION_FAILED');
    expect(answer.body.error.message).toContain('Loại vi phạm không hợp lệ: "graffiti"');
    expect(answer.body.error.message).toContain('Lấn chiếm vỉa hè');
  });

  test('an unknown kind: in English when Accept-Language asks for it', async () => {
    const answer = await post(reportBody(DUC_XUAN_POINT, { kind: 'graffiti' }), {
      'accept-language': 'en-US,en;q=0.9',
    });
    expect(answer.status).toBe(422);
    expect(answer.body.error.message).toContain('Unknown violation kind "graffiti"');
    expect(answer.body.error.message).toContain('sidewalk_encroachment (Sidewalk encroachment)');
  });

  const bowTie = (([x, y]: Position) => ({
    type: 'Polygon',
    coordinates: [
      [
        [x, y],
        [x! + 0.01, y! + 0.01],
        [x! + 0.01, y],
        [x, y! + 0.01],
        [x, y],
      ],
    ],
  }))(DUC_XUAN_POINT);
  const tooMany = {
    type: 'Polygon',
    coordinates: [Array.from({ length: 10_001 }, (_, i) => [105.834 + i * 1e-7, 22.147])],
  };

  test.each([
    ['a pin in Hà Nội', 'OUT_OF_AREA', { geometry: { type: 'Point', coordinates: HANOI_POINT } }],
    [
      'latitude and longitude swapped',
      'INVALID_GEOMETRY',
      { geometry: { type: 'Point', coordinates: [22.147, 105.834] } },
    ],
    ['a self-intersecting polygon', 'INVALID_GEOMETRY', { geometry: bowTie }],
    [
      'a LineString',
      'INVALID_GEOMETRY',
      { geometry: { type: 'LineString', coordinates: [DUC_XUAN_POINT, HANOI_POINT] } },
    ],
    ['more than 10,000 vertices', 'TOO_MANY_VERTICES', { geometry: tooMany }],
    ['no geometry', 'VALIDATION_FAILED', { geometry: null }],
    [
      'an empty description',
      'VALIDATION_FAILED',
      { properties: { kind: 'other', description: '   ' } },
    ],
    ['a client id that is not a UUID', 'VALIDATION_FAILED', { id: 'offline-1' }],
    ['not a Feature', 'VALIDATION_FAILED', { type: 'FeatureCollection' }],
  ])('%s: 422 %s, and nothing is written', async (_, code, change) => {
    const answer = await post({ ...reportBody(), ...change });
    expect(answer.status).toBe(422);
    expect(answer.body).toEqual({
      error: expect.objectContaining({ code, message: expect.any(String) }),
    });
    expect(await count()).toBe(0);
  });

  test.each([
    ['with Content-Length', true],
    ['streamed, without Content-Length', false],
  ])('a body over 1 MB (%s): 413 PAYLOAD_TOO_LARGE', async (_, withLength) => {
    const body = JSON.stringify(
      reportBody(DUC_XUAN_POINT, { description: 'x'.repeat(MAX_JSON_BYTES) }),
    );
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (withLength) headers['content-length'] = String(Buffer.byteLength(body));
    const res = await app.request('/api/violations', { method: 'POST', headers, body });
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await count()).toBe(0);
  });

  test('malformed JSON: 400 BAD_REQUEST', async () => {
    const answer = await post('{"type": "Feature", ');
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('BAD_REQUEST');
  });

  test.each([
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    '',
    // Look like JSON to a loose test, but Hono would not parse them and would validate {}.
    'application/json-seq',
    'application/json, text/plain',
    'application/jsonp',
  ])('a body sent as %j to a JSON route: 415 UNSUPPORTED_MEDIA_TYPE', async (type) => {
    const answer = await post(JSON.stringify(reportBody()), { 'content-type': type });
    expect(answer.status).toBe(415);
    expect(answer.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(await count()).toBe(0);
  });

  test('a body that is not valid UTF-8: 400, nothing stored with U+FFFD in its place', async () => {
    const text = JSON.stringify(reportBody(DUC_XUAN_POINT, { description: 'Lấn chiếm XX' }));
    const bytes = Buffer.from(text, 'utf8');
    const at = bytes.indexOf('XX');
    bytes[at] = 0xff;
    bytes[at + 1] = 0xfe;
    const res = await app.request('/api/violations', {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: bytes,
    });
    expect(res.status).toBe(400);
    expect(
      ((await res.json()) as { error: { code: string; message: string } }).error,
    ).toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('UTF-8'),
    });
    expect(await count()).toBe(0);
  });

  test('accepts JSON with a charset parameter', async () => {
    const answer = await post(JSON.stringify(reportBody()), {
      'content-type': 'application/json; charset=UTF-8',
    });
    expect(answer.status).toBe(201);
  });

  test('accepts the GeoJSON media type application/geo+json', async () => {
    const answer = await post(JSON.stringify(reportBody()), {
      'content-type': 'application/geo+json',
    });
    expect(answer.status).toBe(201);
  });

  test.each([
    ['GET', '/api/violations/{id}'],
    ['GET', '/api/violations/{id}/history'],
    ['PATCH', '/api/violations/{id}'],
    ['POST', '/api/violations/{id}/steps'],
  ])('%s %s of an unknown id: 404 NOT_FOUND', async (method, path) => {
    const id = crypto.randomUUID();
    const body =
      method === 'GET' ? undefined : method === 'PATCH' ? { properties: {} } : { to: 'verified' };
    const answer = await call(app, method, path.replace('{id}', id), body);
    expect(answer.status).toBe(404);
    expect(answer.body.error).toMatchObject({ code: 'NOT_FOUND', details: { id } });
  });
});
