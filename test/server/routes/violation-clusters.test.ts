import { bbox as turfBbox, booleanPointInPolygon } from '@turf/turf';
import type { Position } from 'geojson';
import { beforeEach, describe, expect, test } from 'vitest';
import type { Violation } from '../../../server/domain/violations/violation.ts';
import {
  call,
  makeViolation,
  reference,
  reportBody,
  square,
  START,
  testApp,
  type TestApp,
} from '../helpers.ts';

const AREA = turfBbox(reference.wards.serviceArea).join(',');
const KINDS = ['road_encroachment', 'illegal_construction', 'other'] as const;

/** Points on a grid over the service area, the ones inside it: a few dense places and the rest. */
function positionsInside(count: number): Position[] {
  const [minX, minY, maxX, maxY] = turfBbox(reference.wards.serviceArea);
  const found: Position[] = [];
  for (let i = 0; found.length < count; i++) {
    // A low-discrepancy walk over the box: spread out, and the same every run.
    const p: Position = [
      minX + ((i * 0.618034) % 1) * (maxX - minX),
      minY + ((i * 0.754878) % 1) * (maxY - minY),
    ];
    if (booleanPointInPolygon(p, reference.wards.serviceArea)) found.push(p);
  }
  return found;
}

let ctx: Awaited<ReturnType<typeof testApp>>;
let app: TestApp;
let records: Violation[];

async function clusters(query: string, as: TestApp = app) {
  return call(as, 'GET', `/api/violations/clusters?${query}`);
}

async function listed(query: string, as: TestApp = app): Promise<number> {
  const answer = await call(as, 'GET', `/api/violations?${query}&limit=1`);
  expect(answer.status).toBe(200);
  return answer.body.numberMatched;
}

const total = (body: any) =>
  body.features.reduce(
    (n: number, f: any) => n + (f.properties.cluster ? f.properties.point_count : 1),
    0,
  );

beforeEach(async () => {
  ctx = await testApp();
  app = ctx.app;
  const places = positionsInside(240);
  records = places.map((p, i) =>
    makeViolation(
      {
        kind: KINDS[i % KINDS.length],
        violator: { name: 'Nguyễn Văn A' },
        notes: [{ id: crypto.randomUUID(), text: 'ghi chú nội bộ', at: START, by: null }],
      },
      // Every tenth a graded area: it clusters at its centre.
      i % 10 === 0 ? square(p, 0.0005) : { type: 'Point', coordinates: p },
    ),
  );
  await ctx.store.violations.insertMany(records, 'import', { user: null, at: START });
});

/** A view `pixels` wide and high at a zoom, centred on a position (MapLibre's 512-pixel tiles). */
function viewAround([lon, lat]: Position, zoom: number, pixels = 1000): string {
  const half = (pixels / 2 / (512 * 2 ** zoom)) * 360;
  // Near enough for a test: degrees of latitude are shorter on a Mercator screen by cos(lat).
  const halfLat = half * Math.cos((lat! * Math.PI) / 180);
  return [lon! - half, lat! - halfLat, lon! + half, lat! + halfLat]
    .map((n) => n.toFixed(7))
    .join(',');
}

describe('GET /api/violations/clusters', () => {
  test.each([0, 5, 8, 10, 11])(
    'the counts at zoom %i add up to the list over the whole area',
    async (zoom) => {
      const answer = await clusters(`bbox=${AREA}&zoom=${zoom}`);
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      expect(answer.body.type).toBe('FeatureCollection');
      expect(answer.body.zoom).toBe(zoom);
      expect(total(answer.body)).toBe(records.length);
      expect(answer.body.numberMatched).toBe(await listed(`bbox=${AREA}`));
      expect(answer.body.numberReturned).toBe(answer.body.features.length);
    },
  );

  test('a fractional zoom answers its whole level', async () => {
    const answer = await clusters(`bbox=${AREA}&zoom=9.7`);
    expect(answer.body.zoom).toBe(9);
    expect(answer.body.features).toEqual((await clusters(`bbox=${AREA}&zoom=9`)).body.features);
  });

  test('zoomed out, records merge into few clusters; at street zoom, records stand alone', async () => {
    const out = await clusters(`bbox=${AREA}&zoom=8`);
    expect(out.body.features.length).toBeLessThan(10);
    expect(out.body.features.every((f: any) => f.properties.cluster)).toBe(true);
    expect(out.body.features[0].properties.expansion_zoom).toBeGreaterThan(8);
    // records[3] is a point: at zoom 20 it is a marker of its own, at its own position.
    const target = records[3]!;
    const view = viewAround(target.geometry.coordinates as Position, 20);
    const near = await clusters(`bbox=${view}&zoom=20`);
    expect(near.status, JSON.stringify(near.body)).toBe(200);
    const mine = near.body.features.find((f: any) => f.id === target.id);
    expect(mine.properties).toEqual({
      cluster: false,
      kind: target.properties.kind,
      status: 'reported',
      overdue: false,
    });
    expect(mine.geometry.coordinates[0]).toBeCloseTo(
      (target.geometry.coordinates as Position)[0]!,
      6,
    );
    const list = await call(app, 'GET', `/api/violations?bbox=${view}&limit=5000`);
    const ids = new Set(list.body.features.map((f: any) => f.id));
    for (const f of near.body.features) expect(ids.has(f.id)).toBe(true);
  });

  test('honours the filters the list takes', async () => {
    for (const query of [
      'kind=road_encroachment',
      'kind=other,illegal_construction',
      'status=verified',
      'overdue=false',
    ]) {
      const answer = await clusters(`bbox=${AREA}&zoom=9&${query}`);
      expect(answer.status).toBe(200);
      expect(total(answer.body), query).toBe(await listed(`bbox=${AREA}&${query}`));
    }
    expect(total((await clusters(`bbox=${AREA}&zoom=9&kind=road_encroachment`)).body)).toBe(80);
  });

  test('the public sees counts and markers with nothing private, and no archived case', async () => {
    const target = records[5]!;
    const archived = await call(app, 'POST', `/api/violations/${target.id}/archive`, {
      reason: 'Trùng',
    });
    expect(archived.status).toBe(200);
    const anonymous = ctx.as('anonymous');
    expect(total((await clusters(`bbox=${AREA}&zoom=5`, anonymous)).body)).toBe(records.length - 1);
    // Staff may ask for archived cases, as in the list; the public may not.
    const staff = await clusters(`bbox=${AREA}&zoom=5&archived=include`);
    expect(total(staff.body)).toBe(records.length);
    const pub = await clusters(`bbox=${AREA}&zoom=5&archived=include`, anonymous);
    expect(total(pub.body)).toBe(records.length - 1);
    const view = viewAround(records[3]!.geometry.coordinates as Position, 13, 4000);
    const near = await clusters(`bbox=${view}&zoom=13`, anonymous);
    expect(near.body.features.some((f: any) => !f.properties.cluster)).toBe(true);
    for (const f of near.body.features) {
      const keys = Object.keys(f.properties).sort();
      expect(keys).toEqual(
        f.properties.cluster
          ? ['cluster', 'cluster_id', 'expansion_zoom', 'point_count']
          : ['cluster', 'kind', 'overdue', 'status'],
      );
    }
    expect(JSON.stringify(near.body)).not.toMatch(/Nguyễn Văn A|ghi chú/);
  });

  test('a new report shows at once: the cached clusters drop after a create', async () => {
    const before = await clusters(`bbox=${AREA}&zoom=6`);
    expect(total(before.body)).toBe(records.length);
    const created = await call(app, 'POST', '/api/violations', reportBody());
    expect(created.status).toBe(201);
    const after = await clusters(`bbox=${AREA}&zoom=6`);
    expect(total(after.body)).toBe(records.length + 1);
  });

  test.each([
    ['no zoom', `bbox=${AREA}`],
    ['no bbox', 'zoom=10'],
    ['a zoom that is not a number', `bbox=${AREA}&zoom=abc`],
    ['an empty zoom', `bbox=${AREA}&zoom=`],
    ['a zoom past 24', `bbox=${AREA}&zoom=25`],
    ['a negative zoom', `bbox=${AREA}&zoom=-1`],
    ['a bbox with its corners swapped', 'bbox=105.9,22.3,105.7,22.0&zoom=10'],
    ['a bbox of three numbers', 'bbox=105.7,22.0,105.9&zoom=10'],
    ['a bbox off the globe', 'bbox=105.7,22.0,185,22.3&zoom=10'],
    ['an unknown kind', `bbox=${AREA}&zoom=10&kind=graffiti`],
  ])('refuses %s with 422 and the error envelope', async (_, query) => {
    const answer = await clusters(query);
    expect(answer.status).toBe(422);
    expect(answer.body.error.code).toBe('VALIDATION_FAILED');
    expect(answer.body.error.message).toEqual(expect.any(String));
  });

  test('refuses a view larger than a screen at its zoom, saying how large it is', async () => {
    const answer = await clusters(`bbox=${AREA}&zoom=16`, ctx.as('anonymous'));
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('BAD_REQUEST');
    expect(answer.body.error.details.max_pixels).toBe(4096);
    expect(answer.body.error.details.pixels).toBeGreaterThan(4096);
  });
});
