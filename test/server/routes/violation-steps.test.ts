import { beforeEach, describe, expect, test } from 'vitest';
import {
  call,
  HANOI_POINT,
  insideWard,
  report,
  testApp,
  type TestApp,
  type TestClock,
} from '../helpers.ts';

let app: TestApp;
let clock: TestClock;
let id: string;
beforeEach(async () => {
  ({ app, clock } = await testApp('2026-04-20T02:00:00.000Z')); // Monday 20 April 2026, 09:00 local
  id = (await report(app)).id;
});

const step = (body: object, headers?: Record<string, string>) =>
  call(app, 'POST', `/api/violations/${id}/steps`, body, headers);
const patch = (body: object) => call(app, 'PATCH', `/api/violations/${id}`, body);
const get = async () => (await call(app, 'GET', `/api/violations/${id}`)).body;
const versions = async () =>
  (await call(app, 'GET', `/api/violations/${id}/history`)).body.versions;
/** 09:00 local on a date. */
const morningOf = (date: string) => clock.set(`${date}T02:00:00.000Z`);

describe('POST /api/violations/{id}/steps', () => {
  test('walks a case through every step, with its deadlines and overdue flag', async () => {
    expect((await step({ to: 'verified' })).body.properties.status).toBe('verified');

    morningOf('2026-04-24'); // a Friday: 7 working days skip Giỗ Tổ (27/4), 30/4, 1/5 → 8/5
    const recorded = await step({ to: 'recorded', record_number: '15/BB-TTĐT' });
    expect(recorded.status).toBe(200);
    expect(recorded.body.properties).toMatchObject({
      status: 'recorded',
      deadline: '2026-05-08',
      overdue: false,
    });

    morningOf('2026-05-08');
    expect((await get()).properties.overdue).toBe(false); // the deadline day itself
    morningOf('2026-05-09');
    expect((await get()).properties.overdue).toBe(true);

    morningOf('2026-05-11');
    const decided = await step({
      to: 'decided',
      decision_number: '120/QĐ-XPHC',
      received_date: '2026-05-11',
    });
    expect(decided.body.properties).toMatchObject({ deadline: '2026-05-21', overdue: false });

    morningOf('2026-05-20');
    expect(
      (await step({ to: 'remedied', note: 'Đã tháo dỡ' })).body.properties.deadline,
    ).toBeNull();
    const closed = await step({ to: 'closed', actor: 'Trần Thị B' });
    expect(closed.body.properties).toMatchObject({ status: 'closed', version: 6, overdue: false });
    expect(closed.body.properties.steps.map((s: { status: string }) => s.status)).toEqual([
      'reported',
      'verified',
      'recorded',
      'decided',
      'remedied',
      'closed',
    ]);

    const history = await versions();
    expect(history.map((v: { action: string }) => v.action)).toEqual([
      'create',
      'step:verified',
      'step:recorded',
      'step:decided',
      'step:remedied',
      'step:closed',
    ]);
    expect(history.map((v: { version: number }) => v.version)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(history[2].before.properties.status).toBe('verified');
    expect(history[2].after.properties.status).toBe('recorded');
    expect(history[2].at).toBe('2026-04-24T02:00:00.000Z');
  });

  test('an illegal move: 409 ILLEGAL_TRANSITION, in the caller language, nothing written', async () => {
    const answer = await step(
      { to: 'decided', decision_number: '1/QĐ' },
      { 'accept-language': 'en' },
    );
    expect(answer.status).toBe(409);
    expect(answer.body.error).toMatchObject({
      code: 'ILLEGAL_TRANSITION',
      details: { from: 'reported', to: 'decided', allowed: ['verified', 'dismissed'] },
    });
    expect(answer.body.error.message).toContain('Allowed next: Verified, Dismissed');
    expect((await get()).properties).toMatchObject({ status: 'reported', version: 1 });
    expect(await versions()).toHaveLength(1);
  });

  test('a stale version: 409 CONFLICT with the current version, nothing written', async () => {
    await step({ to: 'verified', version: 1 });
    const answer = await step({ to: 'dismissed', note: 'trùng báo cáo', version: 1 });
    expect(answer.status).toBe(409);
    expect(answer.body.error).toMatchObject({ code: 'CONFLICT', details: { current_version: 2 } });
    expect((await get()).properties.status).toBe('verified');
  });

  test.each([
    ['a record without its number', { to: 'recorded' }, { missing: ['record_number'] }],
    [
      'a step dated tomorrow',
      { to: 'recorded', record_number: '1', date: '2026-04-21' },
      { field: 'date' },
    ],
    [
      'a step before the previous one',
      { to: 'recorded', record_number: '1', date: '2026-04-19' },
      { field: 'date' },
    ],
  ])('%s: 422 VALIDATION_FAILED', async (_, body, details) => {
    await step({ to: 'verified' });
    const answer = await step(body);
    expect(answer.status).toBe(422);
    expect(answer.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details });
    expect((await get()).properties.version).toBe(2);
  });

  test.each([
    [{ to: 'archived' }],
    [{ to: 'verified', date: '2026-02-30' }],
    [{ to: 'recorded', record_number: '   ' }],
    [{ to: 'verified', version: 0 }],
    [{}],
  ])('refuses a malformed step %j with 422', async (body) => {
    const answer = await step(body);
    expect(answer.status).toBe(422);
    expect(answer.body.error.code).toBe('VALIDATION_FAILED');
  });

  test('dismissing needs a reason', async () => {
    expect((await step({ to: 'dismissed' })).body.error.details).toEqual({ missing: ['note'] });
    const answer = await step({ to: 'dismissed', note: 'Có giấy phép xây dựng' });
    expect(answer.body.properties).toMatchObject({ status: 'dismissed', deadline: null });
  });
});

describe('PATCH /api/violations/{id}', () => {
  test('edits the text, bumps the version and writes an update version with before/after', async () => {
    clock.set('2026-04-21T02:00:00.000Z');
    const answer = await patch({
      version: 1,
      properties: { description: 'Lấn chiếm 20 m² vỉa hè', address: 'Số 5 Trường Chinh' },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.properties).toMatchObject({
      description: 'Lấn chiếm 20 m² vỉa hè',
      address: 'Số 5 Trường Chinh',
      version: 2,
      updated_at: '2026-04-21T02:00:00.000Z',
    });
    const [, update] = await versions();
    expect(update).toMatchObject({ version: 2, action: 'update', at: '2026-04-21T02:00:00.000Z' });
    expect(update.before.properties.description).toBe('Quán nước lấn chiếm vỉa hè');
    expect(update.after.properties.address).toBe('Số 5 Trường Chinh');
  });

  test('moving the pin takes the ward of the new place', async () => {
    const answer = await patch({
      geometry: { type: 'Point', coordinates: insideWard('2025-01849') },
    });
    expect(answer.body.properties.ward).toEqual({ code: '2025-01849', name: 'Xã Phong Quang' });
  });

  test('moving the pin out of the city: 422 OUT_OF_AREA and nothing written', async () => {
    const answer = await patch({ geometry: { type: 'Point', coordinates: HANOI_POINT } });
    expect(answer.status).toBe(422);
    expect(answer.body.error.code).toBe('OUT_OF_AREA');
    expect((await get()).properties).toMatchObject({ version: 1, ward: { code: '2025-01840' } });
  });

  test('a stale version: 409 CONFLICT', async () => {
    await patch({ version: 1, properties: { description: 'first' } });
    const answer = await patch({ version: 1, properties: { description: 'second' } });
    expect(answer.status).toBe(409);
    expect(answer.body.error.code).toBe('CONFLICT');
    expect((await get()).properties.description).toBe('first');
  });

  test('an unknown kind: 422', async () => {
    const answer = await patch({ properties: { kind: 'graffiti' } });
    expect(answer.status).toBe(422);
    expect((await get()).properties.kind).toBe('sidewalk_encroachment');
  });
});
