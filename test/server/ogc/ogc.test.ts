/**
 * OGC API – Features under /ogc through app.request: the documents GDAL and QGIS read, items with
 * bbox, datetime, limit and offset, next links that always move on, the crs parameter, refusals
 * as 400s in the envelope, and what anonymous readers see compared with staff.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { VN2000_EPSG } from '../../../server/domain/vn2000.ts';
import { hashPassword } from '../../../server/services/passwords.ts';
import {
  call,
  DUC_XUAN_POINT,
  insideWard,
  makeViolation,
  report,
  testApp,
  type TestApp,
} from '../helpers.ts';

const BASE = 'http://localhost/ogc';
const VN2000 = `http://www.opengis.net/def/crs/EPSG/0/${VN2000_EPSG}`;
const VIOLATOR = { name: 'Lê Thị Hoa', id_number: '019099000777' };

type Ctx = Awaited<ReturnType<typeof testApp>>;
let ctx: Ctx;
let anonymous: TestApp;
let ducXuan: string;
let archived: string;
/** 120 cases seeded directly, observed a minute apart from 2026-01-01T00:00Z. */
const SEEDED = 120;

beforeAll(async () => {
  ctx = await testApp();
  anonymous = ctx.as('anonymous');
  ducXuan = (
    await report(ctx.app, DUC_XUAN_POINT, { description: 'Lấn chiếm vỉa hè', violator: VIOLATOR })
  ).id;
  await call(ctx.app, 'POST', `/api/violations/${ducXuan}/notes`, { text: 'Ghi chú nội bộ' });
  archived = (await report(ctx.app, DUC_XUAN_POINT, { description: 'Trùng' })).id;
  await call(ctx.app, 'POST', `/api/violations/${archived}/archive`, { reason: 'Trùng' });
  const at = '2026-03-01T00:00:00.000Z';
  const [lon, lat] = insideWard('2025-01843') as [number, number];
  for (let i = 0; i < SEEDED; i++) {
    const observed = new Date(Date.parse('2026-01-01T00:00:00.000Z') + i * 60_000).toISOString();
    const v = makeViolation(
      { observed_at: observed, description: `Vụ ${i}` },
      { type: 'Point', coordinates: [lon, lat] },
    );
    await ctx.store.violations.insert(v, 'create', { user: null, at });
  }
});

const get = (app: TestApp, path: string, headers: Record<string, string> = {}) =>
  call(app, 'GET', path, undefined, headers);
const items = (query = '', app = anonymous) =>
  get(app, `/ogc/collections/violations/items${query}`);

describe('the documents', () => {
  test('the landing page links itself, the OpenAPI document, conformance and data, absolutely', async () => {
    const answer = await get(anonymous, '/ogc');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    const links = Object.fromEntries(
      answer.body.links.map((l: { rel: string; href: string; type: string }) => [l.rel, l]),
    );
    expect(links.self.href).toBe(BASE);
    expect(links['service-desc']).toEqual({
      href: `${BASE}/api`,
      rel: 'service-desc',
      type: 'application/vnd.oai.openapi+json;version=3.0',
      title: 'OpenAPI 3.0',
    });
    expect(links.conformance.href).toBe(`${BASE}/conformance`);
    expect(links.data.href).toBe(`${BASE}/collections`);
    expect(links['service-doc']).toMatchObject({ href: `${BASE}/api.html`, type: 'text/html' });
    expect(links.alternate).toMatchObject({ href: `${BASE}?f=html`, type: 'text/html' });
  });

  test('/ogc/ leads to the landing page', async () => {
    const res = await anonymous.request('/ogc/');
    expect(res.status).toBe(308);
    expect(res.headers.get('location')).toBe('/ogc');
  });

  test('the OpenAPI 3 document describes the items and their limit', async () => {
    const res = await anonymous.request('/ogc/api');
    expect(res.headers.get('content-type')).toBe('application/vnd.oai.openapi+json;version=3.0');
    const doc = (await res.json()) as any;
    expect(doc.openapi).toMatch(/^3\.0\./);
    expect(doc.servers).toEqual([{ url: BASE }]);
    expect(Object.keys(doc.paths)).toContain('/collections/{collectionId}/items');
    expect(doc.components.parameters.limit.schema).toMatchObject({ default: 100, maximum: 10000 });
  });

  test('conformance: Core, GeoJSON, HTML, OpenAPI 3.0 and Part 2 crs', async () => {
    const { body } = await get(anonymous, '/ogc/conformance');
    expect(body.conformsTo).toEqual(
      expect.arrayContaining([
        'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
        'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
        'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html',
        'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
        'http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs',
      ]),
    );
  });

  test('collections: the record layers and both ward periods, each with its extent and items link', async () => {
    const { body } = await get(anonymous, '/ogc/collections');
    expect(body.collections.map((c: { id: string }) => c.id)).toEqual([
      'violations',
      'projects',
      'gaps',
      'complaints',
      'wards',
      'wards-2024',
      'violations-points',
      'violations-areas',
      'gaps-points',
      'gaps-lines',
      'gaps-areas',
    ]);
    for (const c of body.collections) {
      const [minX, minY, maxX, maxY] = c.extent.spatial.bbox[0];
      expect(minX).toBeGreaterThan(105.5);
      expect(maxX).toBeLessThan(106.1);
      expect(minY).toBeGreaterThan(21.9);
      expect(maxY).toBeLessThan(22.4);
      expect(c.links).toContainEqual({
        href: `${BASE}/collections/${c.id}/items`,
        rel: 'items',
        type: 'application/geo+json',
        title: c.title,
      });
      expect(c.crs).toContain(VN2000);
    }
  });

  test('one collection, and a 404 in the envelope for one that does not exist', async () => {
    expect((await get(anonymous, '/ogc/collections/wards-2024')).body.id).toBe('wards-2024');
    const missing = await get(anonymous, '/ogc/collections/roads');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ code: 'NOT_FOUND' });
    expect(missing.body.error.message).toMatch(
      /violations, projects, gaps, complaints, wards, wards-2024/,
    );
  });
});

describe('items', () => {
  test('GeoJSON with numberMatched, numberReturned and 100 features by default', async () => {
    const answer = await items();
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/geo+json');
    expect(answer.body.type).toBe('FeatureCollection');
    // The archived case is not on the public map.
    expect(answer.body.numberMatched).toBe(SEEDED + 1);
    expect(answer.body.numberReturned).toBe(100);
    expect(answer.body.features).toHaveLength(100);
  });

  test('following next links with a small limit reads every feature once, then stops', async () => {
    const seen: string[] = [];
    let url: string | undefined = `${BASE}/collections/violations/items?limit=7`;
    let pages = 0;
    while (url) {
      expect(url.startsWith(`${BASE}/`)).toBe(true);
      const page = await get(anonymous, url.slice('http://localhost'.length));
      seen.push(...page.body.features.map((f: { id: string }) => f.id));
      const next = page.body.links.find((l: { rel: string }) => l.rel === 'next');
      if (next) expect(new URL(next.href).searchParams.get('offset')).toBe(String(seen.length));
      url = next?.href;
      if (++pages > 100) throw new Error('next links do not end');
    }
    expect(seen).toHaveLength(SEEDED + 1);
    expect(new Set(seen).size).toBe(SEEDED + 1);
  });

  test('a limit over 10,000 is served as 10,000; an offset past the end answers none, no next', async () => {
    const big = await items('?limit=50000');
    expect(big.status).toBe(200);
    expect(big.body.numberReturned).toBe(SEEDED + 1);
    const past = await items('?offset=5000');
    expect(past.body).toMatchObject({ numberMatched: SEEDED + 1, numberReturned: 0 });
    expect(past.body.links.map((l: { rel: string }) => l.rel)).not.toContain('next');
  });

  test('a prev link leads to a page with features: from past the end, the last full page', async () => {
    const prevOf = (body: { links: { rel: string; href: string }[] }) => {
      const prev = body.links.find((l) => l.rel === 'prev');
      return prev && Number(new URL(prev.href).searchParams.get('offset'));
    };
    const total = SEEDED + 1;
    const past = await items('?limit=5&offset=5000');
    expect(prevOf(past.body)).toBe(total - 5);
    const followed = await items(`?limit=5&offset=${prevOf(past.body)}`);
    expect(followed.body.numberReturned).toBe(5);
    expect(prevOf((await items('?limit=5&offset=7')).body)).toBe(2);
    expect(prevOf((await items('?limit=5&offset=3')).body)).toBe(0);
    expect(prevOf((await items('?limit=5')).body)).toBeUndefined();
  });

  test('bbox keeps what lies inside it', async () => {
    const [lon, lat] = DUC_XUAN_POINT as [number, number];
    const inside = await items(`?bbox=${lon - 0.001},${lat - 0.001},${lon + 0.001},${lat + 0.001}`);
    expect(inside.body.features.map((f: { id: string }) => f.id)).toEqual([ducXuan]);
    const away = await items('?bbox=105.0,21.0,105.1,21.1');
    expect(away.body.numberMatched).toBe(0);
    // Six numbers (with heights) are the same box in plan.
    const withHeights = await items(
      `?bbox=${lon - 0.001},${lat - 0.001},-100,${lon + 0.001},${lat + 0.001},2000`,
    );
    expect(withHeights.status).toBe(200);
    expect(withHeights.body.features.map((f: { id: string }) => f.id)).toEqual([ducXuan]);
  });

  test('datetime filters on observed_at: an instant, an interval, open ends, a local day', async () => {
    const count = async (datetime: string) =>
      (await items(`?datetime=${encodeURIComponent(datetime)}`)).body.numberMatched;
    expect(await count('2026-01-01T00:05:00Z')).toBe(1);
    expect(await count('2026-01-01T07:05:00+07:00')).toBe(1);
    expect(await count('2026-01-01T00:00:00Z/2026-01-01T00:09:00Z')).toBe(10);
    expect(await count('../2026-01-01T00:09:00Z')).toBe(10);
    expect(await count('2026-01-01T01:50:00Z/..')).toBe(10 + 1);
    // 1 January in office time ends at 2026-01-01T16:59:59.999Z: every seeded case.
    expect(await count('2026-01-01')).toBe(SEEDED);
    expect(await count('2025-12-31')).toBe(0);
  });

  test.each([
    ['bbox=1,2,3', 'bbox'],
    ['bbox=a,b,c,d', 'bbox'],
    ['bbox=106,22,105,23', 'bbox'],
    ['bbox=105,22,10,106,23,5', 'bbox'],
    ['bbox=105,22,0,106,23', 'bbox'],
    ['datetime=yesterday', 'datetime'],
    ['datetime=2026-02-10/2026-02-01', 'datetime'],
    ['datetime=2026-02-30', 'datetime'],
    ['datetime=a/b/c', 'datetime'],
    ['limit=0', 'limit'],
    ['limit=-5', 'limit'],
    ['limit=ten', 'limit'],
    ['offset=-1', 'offset'],
    ['crs=EPSG:4326', 'crs'],
    ['bbox-crs=http://www.opengis.net/def/crs/EPSG/0/3857', 'bbox-crs'],
  ])('?%s is a 400 that names %s', async (query, parameter) => {
    const answer = await items(`?${query}`);
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('BAD_REQUEST');
    expect(answer.body.error.details).toEqual({ parameter });
    expect(answer.body.error.message).toEqual(expect.any(String));
  });

  test('f=json and f=geojson are GeoJSON (f=html a page); another f is a 400 naming them', async () => {
    expect((await items('?f=json&limit=1')).status).toBe(200);
    expect((await items('?f=geojson&limit=1')).status).toBe(200);
    const xml = await items('?f=xml');
    expect(xml.status).toBe(400);
    expect(xml.body.error.details).toEqual({ parameter: 'f' });
    expect(xml.body.error.message).toContain('json, geojson, html');
  });

  test('a parameter the API does not define is a 400 naming it and what is supported', async () => {
    // A misspelt bbox served as every feature would look like a filter that found them all.
    const misspelt = await items('?bbx=105.8,22.1,105.9,22.2&limit=1');
    expect(misspelt.status).toBe(400);
    expect(misspelt.body.error.code).toBe('BAD_REQUEST');
    expect(misspelt.body.error.details.parameters).toEqual(['bbx']);
    expect(misspelt.body.error.details.supported).toContain('bbox');
    expect(misspelt.body.error.message).toContain('"bbx"');
    const one = await get(anonymous, `/ogc/collections/violations/items/${ducXuan}?limit=1`);
    expect(one.status).toBe(400);
    expect(one.body.error.details.parameters).toEqual(['limit']);
  });

  test('Accept: application/json gets the same body as application/json; GIS clients get JSON', async () => {
    const plain = await items('?limit=1', anonymous);
    const json = await get(anonymous, '/ogc/collections/violations/items?limit=1', {
      accept: 'application/json',
    });
    expect(json.headers.get('content-type')).toBe('application/json');
    expect(json.body.features).toEqual(plain.body.features);
    // As GDAL asks, and curl's */*: JSON, not the browser's HTML.
    for (const accept of ['application/geo+json, application/json', '*/*']) {
      const answer = await get(anonymous, '/ogc/collections/violations/items?limit=1', { accept });
      expect(answer.headers.get('content-type'), accept).toBe('application/geo+json');
    }
  });

  test('crs=EPSG:9213 answers VN-2000 metres, easting first, and says so', async () => {
    const answer = await get(
      anonymous,
      `/ogc/collections/violations/items/${ducXuan}?crs=${encodeURIComponent(VN2000)}`,
    );
    expect(answer.headers.get('content-crs')).toBe(`<${VN2000}>`);
    const [easting, northing] = answer.body.geometry.coordinates;
    // DOMAIN.md §5: lon 105.8340, lat 22.1470 → E 431,109.04 m, N 2,450,092.94 m.
    expect(easting).toBeCloseTo(431_109.04, 1);
    expect(northing).toBeCloseTo(2_450_092.94, 1);
  });

  test('bbox-crs=EPSG:9213 takes the box in VN-2000 metres', async () => {
    const box = [431_100, 2_450_080, 431_120, 2_450_100].join(',');
    const answer = await items(`?bbox=${box}&bbox-crs=${encodeURIComponent(VN2000)}`);
    expect(answer.body.features.map((f: { id: string }) => f.id)).toEqual([ducXuan]);
  });
});

describe('what each reader sees', () => {
  const one = async (app: TestApp) =>
    (await get(app, `/ogc/collections/violations/items/${ducXuan}`)).body;

  test('anonymous: the public view, no staff or violator field at all', async () => {
    const feature = await one(anonymous);
    expect(feature.properties.description).toBe('Lấn chiếm vỉa hè');
    for (const key of ['reported_by', 'notes', 'violator_name', 'record_number']) {
      expect(feature.properties).not.toHaveProperty(key);
    }
    expect(JSON.stringify(feature)).not.toContain(VIOLATOR.name);
  });

  test('a viewer by token: staff fields, but not the violator', async () => {
    const feature = await one(ctx.as('viewer'));
    expect(feature.properties.reported_by).toBe('office');
    expect(feature.properties.notes).toMatch(/Ghi chú nội bộ/);
    expect(feature.properties).not.toHaveProperty('violator_name');
  });

  test('the lead by token: the violator too', async () => {
    expect((await one(ctx.as('lead'))).properties.violator_name).toBe(VIOLATOR.name);
  });

  test('an archived case: staff only', async () => {
    const path = `/ogc/collections/violations/items/${archived}`;
    expect((await get(anonymous, path)).status).toBe(404);
    expect((await get(ctx.as('viewer'), path)).body.properties.archived_at).toEqual(
      expect.any(String),
    );
  });

  test('a session cookie gives the account its view, as a token does', async () => {
    const password = 'mật khẩu đủ dài cho người xem';
    const viewer = (await ctx.store.users.get(ctx.users.viewer.id))!;
    const at = ctx.clock.now().toISOString();
    await ctx.store.users.update(
      { ...viewer, password_hash: await hashPassword(password), version: viewer.version + 1 },
      viewer.version,
      'password:reset',
      { user: null, at },
    );
    const login = await call(ctx.raw, 'POST', '/api/auth/login', { username: 'viewer', password });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const feature = await get(anonymous, `/ogc/collections/violations/items/${ducXuan}`, {
      cookie,
    });
    expect(feature.body.properties.reported_by).toBe('office');
  });

  test('a wrong token is a 401, not the public view', async () => {
    const answer = await get(anonymous, '/ogc/collections', { authorization: 'Bearer uim_wrong' });
    expect(answer.status).toBe(401);
    expect(answer.body.error.code).toBe('UNAUTHENTICATED');
  });

  test('answers are not for shared caches', async () => {
    expect((await items('?limit=1')).headers.get('cache-control')).toBe('private, no-cache');
  });
});

describe('single features', () => {
  test('a feature with its links; an unknown id is a 404 in the envelope', async () => {
    const answer = await get(anonymous, `/ogc/collections/violations/items/${ducXuan}`);
    expect(answer.headers.get('content-type')).toBe('application/geo+json');
    expect(answer.body).toMatchObject({ type: 'Feature', id: ducXuan });
    expect(answer.body.links[0]).toMatchObject({
      rel: 'self',
      href: `${BASE}/collections/violations/items/${ducXuan}`,
    });
    const missing = await get(anonymous, '/ogc/collections/violations/items/nope');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');
  });
});

describe('wards', () => {
  test('the three current units and the eight former ones', async () => {
    expect((await get(anonymous, '/ogc/collections/wards/items')).body.numberMatched).toBe(3);
    expect((await get(anonymous, '/ogc/collections/wards-2024/items')).body.numberMatched).toBe(8);
    const ward = await get(anonymous, '/ogc/collections/wards/items/2025-01843');
    expect(ward.body.properties.name).toBe('Phường Bắc Kạn');
  });

  test('datetime selects the units valid then: the reorganisation of 1 July 2025', async () => {
    const count = async (id: string, datetime: string) =>
      (await get(anonymous, `/ogc/collections/${id}/items?datetime=${datetime}`)).body
        .numberMatched;
    expect(await count('wards-2024', '2025-06-30')).toBe(8);
    expect(await count('wards-2024', '2025-07-01')).toBe(0);
    expect(await count('wards', '2025-06-30')).toBe(0);
    expect(await count('wards', '2025-07-01T00:00:00%2B07:00')).toBe(3);
  });

  test('bbox, limit and next links work as for violations', async () => {
    const page = await get(anonymous, '/ogc/collections/wards-2024/items?limit=5');
    expect(page.body.numberReturned).toBe(5);
    const next = page.body.links.find((l: { rel: string }) => l.rel === 'next');
    expect(next.href).toBe(`${BASE}/collections/wards-2024/items?limit=5&offset=5`);
    const none = await get(anonymous, '/ogc/collections/wards/items?bbox=100,10,100.1,10.1');
    expect(none.body.numberMatched).toBe(0);
  });
});

describe('RFC 7946', () => {
  test('an area drawn clockwise is served counterclockwise, in a page and alone', async () => {
    const [x, y] = insideWard('2025-01843') as [number, number];
    const clockwise = [
      [x, y],
      [x, y + 0.001],
      [x + 0.001, y + 0.001],
      [x + 0.001, y],
      [x, y],
    ];
    const made = await call(ctx.app, 'POST', '/api/violations', {
      type: 'Feature',
      geometry: { type: 'Polygon', coordinates: [clockwise] },
      properties: { kind: 'illegal_grading', description: 'San lấp vẽ theo chiều kim đồng hồ' },
    });
    expect(made.status).toBe(201);
    // Twice the signed area (shoelace): positive when counterclockwise.
    const signed = (ring: number[][]) =>
      ring.slice(1).reduce((s, [x2, y2], i) => s + ring[i]![0]! * y2! - x2! * ring[i]![1]!, 0);
    expect(signed(clockwise)).toBeLessThan(0);
    const page = await items(`?limit=1&datetime=${made.body.properties.observed_at}`, ctx.app);
    expect(page.body.features[0].id).toBe(made.body.id);
    expect(signed(page.body.features[0].geometry.coordinates[0])).toBeGreaterThan(0);
    const one = await get(ctx.app, `/ogc/collections/violations/items/${made.body.id}`);
    expect(signed(one.body.geometry.coordinates[0])).toBeGreaterThan(0);
  });
});

describe('one shape per collection, for clients that type a layer by its first feature', () => {
  test('violations-areas holds the areas and violations-points the points, counted and paged apart', async () => {
    const all = await items('?limit=1', ctx.app);
    const areas = await get(ctx.app, '/ogc/collections/violations-areas/items?limit=1000');
    const points = await get(ctx.app, '/ogc/collections/violations-points/items?limit=1');
    expect(areas.status).toBe(200);
    expect(areas.body.numberMatched).toBeGreaterThan(0);
    expect(
      areas.body.features.every((f: { geometry: { type: string } }) =>
        ['Polygon', 'MultiPolygon'].includes(f.geometry.type),
      ),
    ).toBe(true);
    expect(points.body.features[0].geometry.type).toBe('Point');
    expect(points.body.numberMatched + areas.body.numberMatched).toBe(all.body.numberMatched);
    // Links stay within the collection of one shape.
    expect(points.body.links).toContainEqual(
      expect.objectContaining({
        rel: 'next',
        href: `${BASE}/collections/violations-points/items?limit=1&offset=1`,
      }),
    );
  });

  test('a feature is found in its own shape’s collection only', async () => {
    const area = (await get(ctx.app, '/ogc/collections/violations-areas/items?limit=1')).body
      .features[0];
    const own = await get(ctx.app, `/ogc/collections/violations-areas/items/${area.id}`);
    expect(own.status).toBe(200);
    expect(own.body.id).toBe(area.id);
    const other = await get(ctx.app, `/ogc/collections/violations-points/items/${area.id}`);
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe('NOT_FOUND');
  });

  test('gaps come as points, lines and areas, each collection described with its shape', async () => {
    const [x, y] = insideWard('2025-01840') as [number, number];
    const made = await call(ctx.app, 'POST', '/api/gaps', {
      type: 'Feature',
      geometry: {
        type: 'LineString',
        coordinates: [
          [x, y],
          [x + 0.002, y],
        ],
      },
      properties: {
        rule_set: 'nq111-2025-table2a',
        standard: 'III.09',
        scope: 'urban',
        title: 'Đường Trường Chinh chưa có cống thoát nước',
      },
    });
    expect(made.status).toBe(201);
    const { body } = await get(anonymous, '/ogc/collections/gaps-lines');
    expect(body.title).toBe('Tiêu chí đô thị còn thiếu (đường)');
    expect(body.description).toContain('Only the lines');
    const matched = async (shape: string) =>
      (await get(anonymous, `/ogc/collections/gaps-${shape}/items`)).body.numberMatched;
    expect(await matched('lines')).toBe(1);
    expect(await matched('points')).toBe(0);
    expect(await matched('areas')).toBe(0);
  });
});

describe('HTML, for a person in a browser', () => {
  const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
  const page = async (path: string, accept = BROWSER) => {
    const res = await anonymous.request(path, { headers: { accept } });
    return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
  };

  test('a browser opening /ogc, the collections, a collection gets pages in Vietnamese first', async () => {
    for (const [path, heading] of [
      ['/ogc', 'Bản đồ trật tự đô thị Bắc Kạn'],
      ['/ogc/conformance', 'Các lớp phù hợp'],
      ['/ogc/collections', 'Tập dữ liệu / Collections'],
      ['/ogc/collections/violations', 'Vi phạm trật tự đô thị'],
      ['/ogc/api.html', 'Tài liệu API'],
    ] as const) {
      const answer = await page(path);
      expect(answer.status, path).toBe(200);
      expect(answer.type, path).toBe('text/html; charset=utf-8');
      expect(answer.text, path).toMatch(/^<!DOCTYPE html>\n<html lang="vi">/);
      expect(answer.text, path).toContain(`<h1>${heading}`);
    }
    const collections = await page('/ogc/collections');
    expect(collections.text).toContain(
      `<a href="${BASE}/collections/violations-areas?f=html">violations-areas</a>`,
    );
    const doc = await page('/ogc/api.html');
    expect(doc.text).toContain('<code>GET /ogc/collections/{collectionId}/items</code>');
    expect(doc.text).toContain('<code>bbox</code>');
  });

  test('f=html asks for it whatever Accept says; f=json for JSON; another f is a 400', async () => {
    expect((await page('/ogc/collections?f=html', 'application/json')).type).toContain('text/html');
    expect((await page('/ogc/collections?f=json')).type).toBe('application/json');
    const bad = await get(anonymous, '/ogc/collections?f=xml');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual({ parameter: 'f' });
  });

  test('a page of items: a row per feature, its properties, pages on in HTML, text never markup', async () => {
    const hostile = await report(ctx.app, DUC_XUAN_POINT, {
      description: '<img src=x onerror=alert(1)> lấn chiếm',
    });
    const answer = await page(`/ogc/collections/violations/items?limit=2&f=html`);
    expect(answer.status).toBe(200);
    expect(answer.text.match(/<tr><td><a href=/g)).toHaveLength(2);
    expect(answer.text).toContain('&lt;img src=x onerror=alert(1)&gt; lấn chiếm');
    expect(answer.text).not.toContain('<img src=x');
    expect(answer.text).toContain(
      `<a href="${BASE}/collections/violations/items?limit=2&amp;f=html&amp;offset=2">Trang sau / Next →</a>`,
    );
    const one = await page(`/ogc/collections/violations/items/${hostile.id}?f=html`);
    expect(one.status).toBe(200);
    expect(one.text).toContain(
      '<td>description</td><td>&lt;img src=x onerror=alert(1)&gt; lấn chiếm</td>',
    );
    expect(one.text).toContain(`${BASE}/collections/violations/items/${hostile.id}?f=json`);
    // Times as the office reads them: dd/mm/yyyy, Việt Nam time (the test clock: 10:00 on 10/3).
    expect(one.text).toContain('<td>observed_at</td><td>10/03/2026 10:00:00</td>');
  });
});

describe('queryables (Part 3)', () => {
  test('a collection lists its properties as JSON Schema, typed and titled, linked from it', async () => {
    const doc = await get(anonymous, '/ogc/collections/violations');
    expect(doc.body.links).toContainEqual(
      expect.objectContaining({
        rel: 'http://www.opengis.net/def/rel/ogc/1.0/queryables',
        href: `${BASE}/collections/violations/queryables`,
      }),
    );
    const res = await anonymous.request('/ogc/collections/violations/queryables');
    expect(res.headers.get('content-type')).toBe('application/schema+json');
    const schema = (await res.json()) as { $id: string; properties: Record<string, any> };
    expect(schema.$id).toBe(`${BASE}/collections/violations/queryables`);
    expect(schema.properties.observed_at).toMatchObject({ type: 'string', format: 'date-time' });
    expect(schema.properties.version).toMatchObject({ type: 'integer' });
    expect(schema.properties.overdue).toMatchObject({ type: 'boolean' });
    expect(schema.properties.kind_label.title).toContain('/');
    // Only what the reader may read: the violator is the lead's.
    expect(schema.properties).not.toHaveProperty('violator_name');
    const lead = await call(ctx.as('lead'), 'GET', '/ogc/collections/violations/queryables');
    expect(lead.body.properties).toHaveProperty('violator_name');
  });

  test('every collection has them, the wards read off their features', async () => {
    const { body } = await get(anonymous, '/ogc/collections');
    for (const c of body.collections as { id: string }[]) {
      const answer = await get(anonymous, `/ogc/collections/${c.id}/queryables`);
      expect(answer.status, c.id).toBe(200);
      expect(Object.keys(answer.body.properties).length, c.id).toBeGreaterThan(3);
    }
    const wards = await get(anonymous, '/ogc/collections/wards/queryables');
    expect(wards.body.properties.name).toEqual({ type: 'string' });
    expect(wards.body.properties.population).toEqual({ type: 'integer' });
  });
});
