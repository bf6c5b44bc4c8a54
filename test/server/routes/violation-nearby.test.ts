/**
 * GET /api/violations/nearby: open cases of one kind around a pin about to be dropped, so the
 * inspector adds to the case already there instead of reporting it again.
 */
import { destination, point } from '@turf/turf';
import type { Position } from 'geojson';
import { beforeEach, describe, expect, test } from 'vitest';
import { createApp } from '../../../server/app.ts';
import type { ViolationStatus } from '../../../server/domain/violations/violation-statuses.ts';
import {
  call,
  DUC_XUAN_POINT,
  makeViolation,
  reference,
  report,
  reportBody,
  square,
  START,
  TEST_UPLOADS,
  testApp,
  type TestApp,
  type TestUser,
} from '../helpers.ts';

const PIN = DUC_XUAN_POINT;
const KIND = 'sidewalk_encroachment';

/** The position `metres` from the pin towards `bearing` (degrees from north). */
const away = (metres: number, bearing = 90): Position =>
  destination(point(PIN), metres, bearing, { units: 'meters' }).geometry.coordinates;

let ctx: Awaited<ReturnType<typeof testApp>>;
let app: TestApp;
beforeEach(async () => {
  ctx = await testApp();
  app = ctx.app;
});

const nearby = (query: Record<string, string | number> = {}, who: TestApp = app) => {
  const params = new URLSearchParams({
    lon: String(PIN[0]),
    lat: String(PIN[1]),
    kind: KIND,
    ...Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])),
  });
  return call(who, 'GET', `/api/violations/nearby?${params}`);
};
const ids = (answer: { body: { features: { id: string }[] } }) =>
  answer.body.features.map((f) => f.id);

describe('GET /api/violations/nearby', () => {
  test('finds an open report of the same kind 30 m away, with its distance', async () => {
    const there = await report(app, away(30));
    const answer = await nearby();
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^application\/geo\+json/);
    expect(answer.body).toMatchObject({ type: 'FeatureCollection', radius_m: 50 });
    expect(ids(answer)).toEqual([there.id]);
    const [found] = answer.body.features;
    expect(found.properties.distance_m).toBeCloseTo(30, 0);
    expect(found.properties).toMatchObject({ kind: KIND, status: 'reported' });
    expect(found.geometry).toEqual(there.geometry);
  });

  test('one 80 m away is outside the default 50 m, inside radius=100', async () => {
    const far = await report(app, away(80, 200));
    expect(ids(await nearby())).toEqual([]);
    const wider = await nearby({ radius: 100 });
    expect(wider.body.radius_m).toBe(100);
    expect(ids(wider)).toEqual([far.id]);
    expect(wider.body.features[0].properties.distance_m).toBeCloseTo(80, 0);
  });

  test('the radius is a circle, not the box around it', async () => {
    // 45 m east and 45 m north is ~64 m away: inside a 50 m box, outside the circle.
    const corner = destination(point(away(45, 0)), 45, 90, { units: 'meters' });
    await report(app, corner.geometry.coordinates);
    expect(ids(await nearby())).toEqual([]);
  });

  test('another kind is not a duplicate', async () => {
    await report(app, away(10), { kind: 'road_encroachment' });
    expect(ids(await nearby())).toEqual([]);
    expect(ids(await nearby({ kind: 'road_encroachment' }))).toHaveLength(1);
  });

  test('a dismissed report is not open', async () => {
    const there = await report(app, away(10));
    const step = await call(app, 'POST', `/api/violations/${there.id}/steps`, {
      to: 'dismissed',
      note: 'Không vi phạm',
    });
    expect(step.status).toBe(200);
    expect(ids(await nearby())).toEqual([]);
  });

  test.each(['remedied', 'enforced', 'closed', 'dismissed'] satisfies ViolationStatus[])(
    'a %s case is not open',
    async (status) => {
      const v = makeViolation({ kind: KIND, status }, { type: 'Point', coordinates: away(10) });
      expect(await ctx.store.violations.insert(v, 'create', { user: null, at: START })).toBe(true);
      expect(ids(await nearby())).toEqual([]);
    },
  );

  test.each(['verified', 'recorded', 'decided'] satisfies ViolationStatus[])(
    'a %s case is still open',
    async (status) => {
      const v = makeViolation({ kind: KIND, status }, { type: 'Point', coordinates: away(10) });
      await ctx.store.violations.insert(v, 'create', { user: null, at: START });
      expect(ids(await nearby())).toEqual([v.id]);
    },
  );

  test('an archived report is not shown', async () => {
    const there = await report(app, away(10));
    const archived = await call(app, 'POST', `/api/violations/${there.id}/archive`, {
      reason: 'Trùng',
    });
    expect(archived.status).toBe(200);
    expect(ids(await nearby())).toEqual([]);
  });

  test('nearest first', async () => {
    const at40 = await report(app, away(40, 0));
    const at10 = await report(app, away(10, 120));
    const at25 = await report(app, away(25, 250));
    const answer = await nearby();
    expect(ids(answer)).toEqual([at10.id, at25.id, at40.id]);
    const metres = answer.body.features.map((f: any) => f.properties.distance_m);
    expect(metres[0]).toBeCloseTo(10, 0);
    expect(metres[1]).toBeCloseTo(25, 0);
    expect(metres[2]).toBeCloseTo(40, 0);
  });

  test('a polygon around the pin is 0 m away; one outside is measured to its edge', async () => {
    // ~110 m squares: one around the pin, one whose west edge is 30 m east of it.
    const around = square([PIN[0]! - 0.0005, PIN[1]! - 0.0005], 0.001);
    const inside = await call(app, 'POST', '/api/violations', {
      ...reportBody(),
      geometry: around,
    });
    expect(inside.status).toBe(201);
    const east = away(30);
    const beside = await call(app, 'POST', '/api/violations', {
      ...reportBody(),
      geometry: square([east[0]!, PIN[1]! - 0.0005], 0.001),
    });
    expect(beside.status).toBe(201);
    const answer = await nearby();
    expect(ids(answer)).toEqual([inside.body.id, beside.body.id]);
    expect(answer.body.features[0].properties.distance_m).toBe(0);
    expect(answer.body.features[1].properties.distance_m).toBeCloseTo(30, 0);
  });

  test('uses the radius the app was created with', async () => {
    // The same store (and users) behind an app set to 120 m.
    const wide = createApp({
      store: ctx.store,
      reference,
      clock: ctx.clock,
      uploadsDir: TEST_UPLOADS,
      exportsDir: ctx.exportsDir,
      nearbyRadiusM: 120,
    });
    const asOffice: TestApp = {
      request: (path, init) =>
        wide.request(path, {
          ...init,
          headers: { authorization: `Bearer ${ctx.users.office.token}` },
        }),
    };
    const there = await report(app, away(100));
    expect(ids(await nearby())).toEqual([]);
    const answer = await nearby({}, asOffice);
    expect(answer.status).toBe(200);
    expect(answer.body.radius_m).toBe(120);
    expect(ids(answer)).toEqual([there.id]);
    // The web app reads the same setting to draw the circle.
    expect((await call(asOffice, 'GET', '/api/config')).body.nearbyRadiusM).toBe(120);
  });
});

describe('refusals', () => {
  test.each([
    ['a radius over 500 m', { radius: 501 }],
    ['a radius of 0', { radius: 0 }],
    ['a negative radius', { radius: -10 }],
    ['a radius that is not a number', { radius: 'far' }],
    ['an unknown kind', { kind: 'graffiti' }],
    ['a latitude out of range', { lat: 91 }],
    // An empty field is missing, not 0: 0,0 is in the Gulf of Guinea.
    ['an empty longitude', { lon: '' }],
    ['an empty latitude', { lat: ' ' }],
    ['an empty radius', { radius: '' }],
  ])('%s: 422', async (_, query) => {
    const answer = await nearby(query);
    expect(answer.status).toBe(422);
    expect(answer.body.error.code).toBe('VALIDATION_FAILED');
  });

  test.each(['kind', 'lon', 'lat'])('without %s: 422', async (name) => {
    const params = new URLSearchParams({ lon: String(PIN[0]), lat: String(PIN[1]), kind: KIND });
    params.delete(name);
    const answer = await call(app, 'GET', `/api/violations/nearby?${params}`);
    expect(answer.status).toBe(422);
    expect(answer.body.error.code).toBe('VALIDATION_FAILED');
  });

  test('a radius of exactly 500 m is taken', async () => {
    expect((await nearby({ radius: 500 })).status).toBe(200);
  });
});

describe('who may ask', () => {
  test.each([
    ['anonymous', 401, 'UNAUTHENTICATED'],
    ['viewer', 403, 'FORBIDDEN'],
    ['planner', 403, 'FORBIDDEN'],
    ['lead', 403, 'FORBIDDEN'],
    ['admin', 403, 'FORBIDDEN'],
  ] as const)('%s: %i', async (who, status, code) => {
    await report(app, away(10));
    const answer = await nearby({}, ctx.as(who));
    expect(answer.status).toBe(status);
    expect(answer.body.error.code).toBe(code);
  });

  test.each(['inspector', 'office'] satisfies TestUser[])('%s: 200', async (who) => {
    const there = await report(app, away(10));
    const answer = await nearby({}, ctx.as(who));
    expect(answer.status).toBe(200);
    expect(ids(answer)).toEqual([there.id]);
  });
});
