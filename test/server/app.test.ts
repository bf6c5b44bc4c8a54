import { bbox as turfBbox } from '@turf/turf';
import { beforeAll, describe, expect, test } from 'vitest';
import { call, reference, reportBody, testApp, type TestApp } from './helpers.ts';

let app: TestApp;
beforeAll(async () => {
  ({ app } = await testApp());
});

test('GET /api/health answers {status: "ok"}', async () => {
  const answer = await call(app, 'GET', '/api/health');
  expect(answer.status).toBe(200);
  expect(answer.body).toEqual({ status: 'ok' });
});

test('GET /api/config tells the web app the offline basemap, service bbox and attribution', async () => {
  const answer = await call(app, 'GET', '/api/config');
  expect(answer.body.basemap).toEqual({ type: 'offline' });
  expect(answer.body.serviceBbox).toEqual(turfBbox(reference.wards.serviceArea));
  expect(answer.body.attribution).toMatch(/sapnhap\.bando\.com\.vn/);
});

describe('the error envelope', () => {
  test.each([
    ['GET', '/api/nowhere', undefined, 404],
    ['DELETE', '/api/violations', undefined, 404],
    ['GET', `/api/violations/${'x'.repeat(101)}`, undefined, 422],
    ['POST', '/api/violations', '{', 400],
    ['POST', '/api/violations', 'null', 422],
    ['POST', '/api/violations', '[]', 422],
    ['POST', '/api/violations', '"Feature"', 422],
    ['POST', '/api/violations', { ...reportBody(), properties: 'x' }, 422],
    [
      'POST',
      '/api/violations',
      { ...reportBody(), geometry: { type: 'Polygon', coordinates: [[['a']]] } },
      422,
    ],
    [
      'POST',
      '/api/violations',
      { ...reportBody(), geometry: { type: 'Polygon', coordinates: 7 } },
      422,
    ],
    [
      'POST',
      '/api/violations',
      { ...reportBody(), geometry: { type: 'Point', coordinates: [[[105.8, 22.1]]] } },
      422,
    ],
    [
      'POST',
      '/api/violations',
      `{"type":"Feature","geometry":{"type":"Polygon","coordinates":${'['.repeat(5000)}${']'.repeat(5000)}},"properties":{"kind":"other","description":"x"}}`,
      422,
    ],
    [
      'POST',
      '/api/violations',
      reportBody([105.834, 22.147], { description: 'x'.repeat(2001) }),
      422,
    ],
    ['POST', '/api/violations', reportBody([105.834, 22.147], { observed_at: 'hôm qua' }), 422],
    ['PATCH', '/api/violations/abc', { version: 'one' }, 422],
    ['POST', '/api/violations/abc/steps', { to: 'verified' }, 404],
  ])(
    '%s %s answers %#: a 4xx in { error: { code, message } }, nothing written',
    async (method, path, body, status) => {
      const answer = await call(app, method, path, body);
      expect(answer.status).toBe(status);
      expect(answer.body).toEqual({
        error: expect.objectContaining({
          code: expect.stringMatching(/^[A-Z_]+$/),
          message: expect.stringMatching(/\S/),
        }),
      });
      expect(
        Object.keys(answer.body.error).every((k) => ['code', 'message', 'details'].includes(k)),
      ).toBe(true);
      expect((await call(app, 'GET', '/api/violations')).body.numberMatched).toBe(0);
    },
  );

  test('speaks Vietnamese by default and English when asked', async () => {
    const vi = await call(app, 'GET', '/api/nowhere');
    const en = await call(app, 'GET', '/api/nowhere', undefined, { 'accept-language': 'en' });
    expect(vi.body.error.message).toBe('Không có đường dẫn /api/nowhere.');
    expect(en.body.error.message).toBe('There is no /api/nowhere.');
  });
});
