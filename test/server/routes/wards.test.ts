import { beforeAll, describe, expect, test } from 'vitest';
import { call, testApp, type TestApp } from '../helpers.ts';

let app: TestApp;
beforeAll(async () => {
  ({ app } = await testApp());
});

describe('GET /api/wards', () => {
  test('answers the three 2025 units by default, keyed by period and code', async () => {
    const answer = await call(app, 'GET', '/api/wards');
    expect(answer.status).toBe(200);
    expect(answer.body.type).toBe('FeatureCollection');
    expect(answer.body.features.map((f: { id: string }) => f.id).sort()).toEqual([
      '2025-01840',
      '2025-01843',
      '2025-01849',
    ]);
  });

  test('?period=2024 answers the eight former units of Thành phố Bắc Kạn', async () => {
    const answer = await call(app, 'GET', '/api/wards?period=2024');
    expect(answer.status).toBe(200);
    const names = answer.body.features.map(
      (f: { properties: { name: string } }) => f.properties.name,
    );
    expect(names).toHaveLength(8);
    expect(names).toEqual(
      expect.arrayContaining(['Phường Phùng Chí Kiên', 'Xã Nông Thượng', 'Phường Đức Xuân']),
    );
    for (const f of answer.body.features) expect(f.id).toMatch(/^2024-\d{5}$/);
  });

  test('lets browsers cache the reference layer', async () => {
    const answer = await call(app, 'GET', '/api/wards');
    expect(answer.headers.get('cache-control')).toMatch(/max-age=\d+/);
  });

  test('refuses an unknown period with 422', async () => {
    const answer = await call(app, 'GET', '/api/wards?period=2023');
    expect(answer.status).toBe(422);
    expect(answer.body.error.code).toBe('VALIDATION_FAILED');
  });
});

describe('GET /api/wards/{id}', () => {
  test('answers Phường Bắc Kạn for 2025-01843', async () => {
    const answer = await call(app, 'GET', '/api/wards/2025-01843');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      type: 'Feature',
      id: '2025-01843',
      properties: { code: '01843', name: 'Phường Bắc Kạn', valid_from: '2025-07-01' },
    });
  });

  test('the reused code 01843 names a different unit before July 2025', async () => {
    const answer = await call(app, 'GET', '/api/wards/2024-01843');
    expect(answer.body.properties).toMatchObject({
      name: 'Phường Phùng Chí Kiên',
      valid_to: '2025-06-30',
    });
  });

  test('an unknown unit: 404 NOT_FOUND in the error envelope', async () => {
    const answer = await call(app, 'GET', '/api/wards/2025-99999', undefined, {
      'accept-language': 'en',
    });
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({
      error: { code: 'NOT_FOUND', message: 'There is no administrative unit 2025-99999.' },
    });
  });

  test('a code without its period: 422, never a guess', async () => {
    const answer = await call(app, 'GET', '/api/wards/01843');
    expect(answer.status).toBe(422);
    expect(answer.body.error.code).toBe('VALIDATION_FAILED');
  });
});
