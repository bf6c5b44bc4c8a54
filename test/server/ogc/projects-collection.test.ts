/** Clearance projects as an OGC API collection: the exports' columns, public and staff views. */
import { beforeAll, describe, expect, test } from 'vitest';
import { VN2000_EPSG } from '../../../server/domain/vn2000.ts';
import { call, insideWard, testApp, type TestApp } from '../helpers.ts';
import { gridSquare, projectBody } from '../project-fixtures.ts';

const OBSTACLE = 'Ba hộ chưa nhận tiền bồi thường';
let ctx: Awaited<ReturnType<typeof testApp>>;
let anonymous: TestApp;
let blocked: string;
let split: string;

beforeAll(async () => {
  ctx = await testApp();
  anonymous = ctx.as('anonymous');
  const created = await call(
    ctx.app,
    'POST',
    '/api/projects',
    projectBody({ blocked: true, obstacles: [{ text: OBSTACLE }] }),
  );
  blocked = created.body.id;
  ctx.clock.set('2026-03-12T03:00:00.000Z');
  const geometry = {
    type: 'MultiPolygon',
    coordinates: [
      gridSquare(insideWard('2025-01843'), 100).coordinates,
      gridSquare(insideWard('2025-01849'), 100).coordinates,
    ],
  };
  split = (
    await call(
      ctx.app,
      'POST',
      '/api/projects',
      projectBody({ name: 'Hai khu' }, undefined, geometry),
    )
  ).body.id;
});

const items = (query = '', app = anonymous) =>
  call(app, 'GET', `/ogc/collections/projects/items${query}`);

describe('the projects collection', () => {
  test('is listed with its extent', async () => {
    const { body } = await call(anonymous, 'GET', '/ogc/collections/projects');
    expect(body).toMatchObject({ id: 'projects', title: 'Dự án giải phóng mặt bằng' });
    expect(body.extent.spatial.bbox[0]).toHaveLength(4);
  });

  test('anonymous readers get the public columns: blocked, but no obstacles and no names', async () => {
    const { status, body } = await items();
    expect(status).toBe(200);
    expect(body.numberMatched).toBe(2);
    const f = body.features.find((x: { id: string }) => x.id === blocked);
    expect(f.properties).toMatchObject({
      name: 'Đường Trường Chinh kéo dài',
      stage: 'announced',
      blocked: true,
    });
    expect(f.properties).not.toHaveProperty('obstacles');
    expect(f.properties).not.toHaveProperty('created_by');
    expect(JSON.stringify(body)).not.toContain(OBSTACLE);
  });

  test('staff read the obstacles and who entered the project', async () => {
    const { body } = await items('', ctx.as('viewer'));
    const f = body.features.find((x: { id: string }) => x.id === blocked);
    expect(f.properties.obstacles).toBe(`10/03/2026: ${OBSTACLE}`);
    expect(f.properties.created_by).toBe('office');
  });

  test('bbox, datetime (on created_at), one item, and VN-2000 coordinates', async () => {
    const [lon, lat] = insideWard('2025-01849') as [number, number];
    const near = await items(
      `?bbox=${lon - 0.0005},${lat - 0.0005},${lon + 0.0005},${lat + 0.0005}`,
    );
    expect(near.body.features.map((f: { id: string }) => f.id)).toEqual([split]);
    const later = await items('?datetime=2026-03-11T00:00:00Z/..');
    expect(later.body.features.map((f: { id: string }) => f.id)).toEqual([split]);
    const one = await call(anonymous, 'GET', `/ogc/collections/projects/items/${split}`);
    expect(one.body.geometry.type).toBe('MultiPolygon');
    expect(one.body.properties.ward_codes).toBe('2025-01843, 2025-01849');
    const grid = await call(
      anonymous,
      'GET',
      `/ogc/collections/projects/items/${split}?crs=http://www.opengis.net/def/crs/EPSG/0/${VN2000_EPSG}`,
    );
    const [easting, northing] = grid.body.geometry.coordinates[0][0][0];
    expect(easting).toBeGreaterThan(400_000);
    expect(northing).toBeGreaterThan(2_400_000);
    expect(
      (await call(anonymous, 'GET', `/ogc/collections/projects/items/${crypto.randomUUID()}`))
        .status,
    ).toBe(404);
  });
});
