/** The `gaps` collection of the OGC API: lines, gaps with no place, datetime, the public view. */
import { beforeAll, describe, expect, test } from 'vitest';
import { VN2000_EPSG } from '../../../server/domain/vn2000.ts';
import { call, insideWard, testApp, type TestApp } from '../helpers.ts';
import { gapBody } from '../gap-fixtures.ts';

const VN2000 = `http://www.opengis.net/def/crs/EPSG/0/${VN2000_EPSG}`;
let ctx: Awaited<ReturnType<typeof testApp>>;
let anonymous: TestApp;
let street: string;
let nowhere: string;

beforeAll(async () => {
  ctx = await testApp();
  anonymous = ctx.as('anonymous');
  street = (await call(ctx.app, 'POST', '/api/gaps', gapBody())).body.id;
  ctx.clock.set('2026-03-12T03:00:00.000Z');
  const body = gapBody(
    { standard: 'II.05', scope: 'urban', title: 'Lao động phi nông nghiệp' },
    undefined,
    null,
  );
  nowhere = (await call(ctx.app, 'POST', '/api/gaps', body)).body.id;
});

describe('OGC API collection gaps', () => {
  test('is listed with its extent', async () => {
    const { body } = await call(anonymous, 'GET', '/ogc/collections');
    const gaps = body.collections.find((c: { id: string }) => c.id === 'gaps');
    expect(gaps.title).toBe('Tiêu chí đô thị còn thiếu');
    expect(gaps.extent.spatial.bbox[0]).toHaveLength(4);
  });

  test('items: a street as a LineString, a gap of the whole area with a null geometry', async () => {
    const { status, body } = await call(anonymous, 'GET', '/ogc/collections/gaps/items');
    expect(status).toBe(200);
    expect(body.numberMatched).toBe(2);
    const byId = Object.fromEntries(body.features.map((f: { id: string }) => [f.id, f]));
    expect(byId[street].geometry.type).toBe('LineString');
    expect(byId[street].properties).toMatchObject({ standard: 'III.09', status: 'open' });
    expect(byId[nowhere].geometry).toBeNull();
    // The public view has no staff columns.
    expect(byId[street].properties).not.toHaveProperty('created_by');
  });

  test('staff see who entered a gap', async () => {
    const { body } = await call(ctx.app, 'GET', `/ogc/collections/gaps/items/${street}`);
    expect(body.properties.created_by).toBe('office');
  });

  test('datetime filters on the last change; bbox leaves out a gap with no place', async () => {
    const later = await call(
      anonymous,
      'GET',
      '/ogc/collections/gaps/items?datetime=2026-03-11T00:00:00Z/..',
    );
    expect(later.body.features.map((f: { id: string }) => f.id)).toEqual([nowhere]);
    const [lon, lat] = insideWard('2025-01840') as [number, number];
    const box = `${lon - 0.01},${lat - 0.01},${lon + 0.01},${lat + 0.01}`;
    const inBox = await call(anonymous, 'GET', `/ogc/collections/gaps/items?bbox=${box}`);
    expect(inBox.body.features.map((f: { id: string }) => f.id)).toEqual([street]);
  });

  test('crs=EPSG:9213 gives the line in VN-2000 metres and keeps a null geometry null', async () => {
    const { status, body } = await call(
      anonymous,
      'GET',
      `/ogc/collections/gaps/items?crs=${VN2000}`,
    );
    expect(status).toBe(200);
    const byId = Object.fromEntries(body.features.map((f: { id: string }) => [f.id, f]));
    const [easting, northing] = byId[street].geometry.coordinates[0];
    expect(easting).toBeGreaterThan(400_000);
    expect(northing).toBeGreaterThan(2_400_000);
    expect(byId[nowhere].geometry).toBeNull();
  });
});
