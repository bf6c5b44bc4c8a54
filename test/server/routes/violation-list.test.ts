import { bbox as turfBbox } from '@turf/turf';
import { beforeEach, describe, expect, test } from 'vitest';
import { MAX_PAGE } from '../../../server/domain/violations/violation-query.ts';
import {
  call,
  DUC_XUAN_POINT,
  insideWard,
  reportBody,
  square,
  testApp,
  type TestApp,
  type TestClock,
} from '../helpers.ts';

let app: TestApp;
let clock: TestClock;
/** r1 observed 2/3, r2 on 5/3 (recorded that day: decision due 16/3), r3 on 10/3. */
let r1: string;
let r2: string;
let r3: string;
const r3Shape = square(insideWard('2025-01849'), 0.001);

async function create(body: object): Promise<string> {
  const answer = await call(app, 'POST', '/api/violations', body);
  expect(answer.status).toBe(201);
  return answer.body.id;
}

beforeEach(async () => {
  ({ app, clock } = await testApp('2026-03-10T03:00:00.000Z'));
  r1 = await create(
    reportBody(DUC_XUAN_POINT, {
      kind: 'road_encroachment',
      description: 'Bày hàng lấn chiếm lòng đường',
      observed_at: '2026-03-02T03:00:00Z',
    }),
  );
  r2 = await create(
    reportBody(insideWard('2025-01843'), {
      kind: 'illegal_construction',
      description: 'Xây nhà không phép',
      observed_at: '2026-03-05T03:00:00Z',
    }),
  );
  await call(app, 'POST', `/api/violations/${r2}/steps`, { to: 'verified', date: '2026-03-05' });
  // Thursday 5/3 + 7 working days: 6, 9, 10, 11, 12, 13, 16 March.
  await call(app, 'POST', `/api/violations/${r2}/steps`, {
    to: 'recorded',
    record_number: '7/BB',
    date: '2026-03-05',
  });
  r3 = await create({
    ...reportBody(),
    geometry: r3Shape,
    properties: { kind: 'illegal_grading', description: 'San ủi đồi' },
  });
  clock.set('2026-03-17T03:00:00.000Z');
});

const list = (query = '') => call(app, 'GET', `/api/violations${query ? `?${query}` : ''}`);
const idsOf = async (query: string) =>
  (await list(query)).body.features.map((f: { id: string }) => f.id);

describe('GET /api/violations', () => {
  test('answers a GeoJSON FeatureCollection, newest observation first, with counts', async () => {
    const answer = await list();
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^application\/geo\+json/);
    expect(answer.body).toMatchObject({
      type: 'FeatureCollection',
      numberMatched: 3,
      numberReturned: 3,
    });
    expect(answer.body.features.map((f: { id: string }) => f.id)).toEqual([r3, r2, r1]);
  });

  test.each([
    ['kind=road_encroachment', () => [r1]],
    ['kind=road_encroachment,illegal_grading', () => [r3, r1]],
    ['kind=road_encroachment&kind=illegal_grading', () => [r3, r1]], // a repeated parameter
    ['status=recorded', () => [r2]],
    ['status=reported,recorded', () => [r3, r2, r1]],
    ['ward=2025-01843', () => [r2]],
    ['ward=2024-01843', () => []],
    ['q=lan%20chiem', () => [r1]],
    ['q=XAY%20NHA', () => [r2]],
    ['q=san%20ui%20doi', () => [r3]],
    [`bbox=${turfBbox(r3Shape).join(',')}`, () => [r3]],
    ['from=2026-03-05', () => [r3, r2]],
    ['to=2026-03-04', () => [r1]],
    ['from=2026-03-03&to=2026-03-09', () => [r2]],
    ['overdue=true', () => [r2]],
    ['kind=illegal_construction&ward=2025-01843&overdue=true', () => [r2]],
    ['overdue=false', () => [r3, r1]],
    ['kind=illegal_construction&overdue=false', () => []],
    ['kind=other', () => []],
  ])('filters ?%s', async (query, expected) => {
    const answer = await list(query);
    expect(answer.body.features.map((f: { id: string }) => f.id)).toEqual(expected());
    expect(answer.body.numberMatched).toBe(expected().length);
  });

  test('marks the overdue case in the list', async () => {
    const features = (await list()).body.features as {
      id: string;
      properties: { overdue: boolean };
    }[];
    expect(features.filter((f) => f.properties.overdue).map((f) => f.id)).toEqual([r2]);
  });

  test('overdue=true and overdue=false split the list: their counts add up to the total', async () => {
    type Feature = { id: string; properties: { overdue: boolean } };
    const [all, overdue, onTime] = await Promise.all(
      ['', 'overdue=true', 'overdue=false'].map(list),
    );
    expect(overdue!.body.numberMatched + onTime!.body.numberMatched).toBe(all!.body.numberMatched);
    const lateIds = overdue!.body.features.map((f: Feature) => f.id);
    const onTimeIds = onTime!.body.features.map((f: Feature) => f.id);
    expect([...lateIds, ...onTimeIds].sort()).toEqual([r1, r2, r3].sort());
    expect(overdue!.body.features.every((f: Feature) => f.properties.overdue)).toBe(true);
    expect(onTime!.body.features.some((f: Feature) => f.properties.overdue)).toBe(false);
  });

  test.each([
    ['limit=2', 2, () => [r3, r2]],
    ['limit=2&offset=2', 1, () => [r1]],
    ['limit=1&offset=1', 1, () => [r2]],
    ['offset=5', 0, () => []],
    ['offset=999999999', 0, () => []],
  ])(
    'pages ?%s: numberMatched stays 3, numberReturned is %i',
    async (query, returned, expected) => {
      const answer = await list(query);
      expect(answer.body).toMatchObject({ numberMatched: 3, numberReturned: returned });
      expect(answer.body.features.map((f: { id: string }) => f.id)).toEqual(expected());
    },
  );

  test.each([
    'bbox=105.8,22.1,105.9',
    'bbox=a,b,c,d',
    'bbox=105.9,22.1,105.8,22.2',
    'bbox=105.8,22.1,105.9,95',
    'kind=graffiti',
    'status=open',
    'ward=01843',
    'from=2026-02-30',
    'asOf=yesterday',
    'overdue=yes',
    'limit=0',
    `limit=${MAX_PAGE + 1}`,
    'limit=ten',
    'offset=-1',
    'offset=1e30',
    `q=${'x'.repeat(201)}`,
  ])('refuses ?%s with 422 VALIDATION_FAILED in the error envelope', async (query) => {
    const answer = await list(query);
    expect(answer.status).toBe(422);
    expect(answer.body).toEqual({
      error: {
        code: 'VALIDATION_FAILED',
        message: expect.stringMatching(/\S/),
        details: expect.any(Array),
      },
    });
  });
});

describe('GET /api/violations?asOf=YYYY-MM-DD', () => {
  test('hides a record created today and shows an edited one in its old state', async () => {
    const fresh = await create(reportBody(DUC_XUAN_POINT, { description: 'Mới hôm nay' }));
    await call(app, 'PATCH', `/api/violations/${r1}`, {
      properties: { description: 'Đã sửa hôm nay' },
    });

    const today = await list();
    expect(today.body.numberMatched).toBe(4);
    expect(
      today.body.features.find((f: { id: string }) => f.id === r1).properties.description,
    ).toBe('Đã sửa hôm nay');

    const yesterday = await list('asOf=2026-03-16');
    expect(yesterday.body.features.map((f: { id: string }) => f.id)).toEqual([r3, r2, r1]);
    expect(yesterday.body.features.map((f: { id: string }) => f.id)).not.toContain(fresh);
    const old = yesterday.body.features.find((f: { id: string }) => f.id === r1);
    expect(old.properties).toMatchObject({
      description: 'Bày hàng lấn chiếm lòng đường',
      version: 1,
    });
  });

  test('days end at local midnight (UTC+7), not UTC midnight', async () => {
    clock.set('2026-03-17T17:30:00.000Z'); // 00:30 on 18 March in Bắc Kạn
    const late = await create(reportBody());
    expect(await idsOf('asOf=2026-03-17')).not.toContain(late);
    expect(await idsOf('asOf=2026-03-18')).toContain(late);
  });

  test('a record exists from when it was entered, and keeps its status before a later step', async () => {
    // r1 was observed on 2/3 but entered on 10/3: before that the map did not show it.
    expect((await list('asOf=2026-03-09')).body.numberMatched).toBe(0);
    await call(app, 'POST', `/api/violations/${r1}/steps`, { to: 'verified' });
    expect(await idsOf('status=verified')).toEqual([r1]);
    expect(await idsOf('asOf=2026-03-16&status=verified')).toEqual([]);
    expect(await idsOf('asOf=2026-03-16&status=reported')).toEqual([r3, r1]);
  });

  test('judges overdue on the asOf day', async () => {
    expect(await idsOf('asOf=2026-03-16&overdue=true')).toEqual([]); // the deadline day
    expect(await idsOf('asOf=2026-03-17&overdue=true')).toEqual([r2]);
    expect(await idsOf('asOf=2026-03-16&overdue=false')).toEqual([r3, r2, r1]);
    expect(await idsOf('asOf=2026-03-17&overdue=false')).toEqual([r3, r1]);
    const onDeadline = (await list('asOf=2026-03-16')).body.features;
    expect(onDeadline.find((f: { id: string }) => f.id === r2).properties.overdue).toBe(false);
  });

  test('filters and pages the past state like the present one', async () => {
    expect(await idsOf('asOf=2026-03-16&kind=road_encroachment,illegal_grading')).toEqual([r3, r1]);
    expect(await idsOf('asOf=2026-03-16&q=lan%20chiem')).toEqual([r1]);
    expect(await idsOf(`asOf=2026-03-16&bbox=${turfBbox(r3Shape).join(',')}`)).toEqual([r3]);
    const page = await list('asOf=2026-03-16&limit=1&offset=1');
    expect(page.body).toMatchObject({ numberMatched: 3, numberReturned: 1 });
    expect(page.body.features[0].id).toBe(r2);
  });
});
