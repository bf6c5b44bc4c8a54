/**
 * NUL (U+0000) is refused at the edge, in a body or an address, with a clear message: the SQLite
 * store would keep it, PostgreSQL cannot, and it is never meaningful text. Nothing is written.
 */
import { describe, expect, test } from 'vitest';
import { violationCreateSchema } from '../../../server/domain/violations/violation.ts';
import { call, reportBody, testApp } from '../helpers.ts';

describe('the NUL character', () => {
  test('in a JSON body: 400 naming it, and no record is written', async () => {
    const { app, store } = await testApp();
    const body = reportBody(undefined, { description: 'Lấn chiếm\u0000 vỉa hè' });
    const answer = await call(app, 'POST', '/api/violations', body, { 'accept-language': 'vi' });
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toMatch(/NUL/);
    expect((await store.violations.list({ limit: 10, offset: 0 })).total).toBe(0);
  });

  test('an escaped backslash before "u0000" is ordinary text and goes in', async () => {
    const { app } = await testApp();
    const body = reportBody(undefined, { description: 'Đường dẫn C:\\u0000 trên biển hiệu' });
    const answer = await call(app, 'POST', '/api/violations', body);
    expect(answer.status).toBe(201);
    expect(answer.body.properties.description).toBe('Đường dẫn C:\\u0000 trên biển hiệu');
  });

  test.each([
    '/api/audit?action=update%00',
    '/api/violations?ward=2025-01840%00',
    '/ogc/collections/violations/items?bbox=105.8,22.1,105.9,22.2%00',
    '/api/violations/%00',
    '/api/reports/monthly/2026-02%00',
  ])('in an address (%s): 400, not a store error', async (path) => {
    const { app } = await testApp();
    const answer = await call(app, 'GET', path);
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('BAD_REQUEST');
  });

  test('the domain refuses it too, for writes that do not come over HTTP (a bulk import)', () => {
    const parsed = violationCreateSchema.safeParse(
      reportBody(undefined, { description: 'a\u0000b' }),
    );
    expect(parsed.success).toBe(false);
  });

  test('half of a character (a lone surrogate, sent as \\ud800) is refused, a whole one goes in', async () => {
    const { app } = await testApp();
    const lone = `{"type":"Feature","geometry":{"type":"Point","coordinates":[105.834,22.147]},"properties":{"kind":"other","description":"a\\ud800b"}}`;
    const refused = await call(app, 'POST', '/api/violations', lone);
    expect(refused.status).toBe(422);
    expect(JSON.stringify(refused.body.error)).toMatch(/surrogate/);
    const pair = lone.replace('\\ud800', '\\ud83d\\ude97');
    const accepted = await call(app, 'POST', '/api/violations', pair);
    expect(accepted.status).toBe(201);
    expect(accepted.body.properties.description).toBe('a🚗b');
  });
});
