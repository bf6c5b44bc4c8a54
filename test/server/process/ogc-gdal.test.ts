/**
 * GDAL's OGC API – Features driver against the real server, as QGIS users and scripts would use
 * it: `ogrinfo OAPIF:http://…/ogc` with a personal API token (in GDAL_HTTP_HEADERS as Bearer, or
 * as Basic's password with GDAL_HTTP_AUTH=BASIC) lists the collections, counts the features,
 * pages through the next links and reads a feature in the staff view; without the token it gets
 * the public view.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { gdalTool, layersOf, runTool } from '../gdal.ts';
import { startServer, USER_PASSWORD, userWithToken, type ServerProcess } from './server-process.ts';

const CASES = 7;
const VIOLATOR = 'Hoàng Văn Thụ';

let root: string;
let server: ServerProcess | undefined;
let token: string;
let source: string;

beforeAll(async () => {
  gdalTool('ogrinfo');
  root = mkdtempSync(join(tmpdir(), 'uim-oapif-'));
  server = await startServer(join(root, 'data'));
  token = await userWithToken(server.url, 'lan', ['inspector', 'lead']);
  source = `OAPIF:${server.url}/ogc`;
  for (let n = 1; n <= CASES; n++) {
    const res = await fetch(`${server.url}/api/violations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [105.834 + n / 10_000, 22.147] },
        properties: {
          kind: 'illegal_grading',
          description: `San lấp trái phép số ${n}, Đức Xuân`,
          violator: { name: VIOLATOR },
        },
      }),
    });
    if (res.status !== 201) throw new Error(`create failed: ${res.status} ${await res.text()}`);
  }
}, 60_000);
afterAll(async () => {
  await server?.stop();
  rmSync(root, { recursive: true, force: true });
});

/** ogrinfo with the token (or without), GDAL's HTTP log on stderr when asked. */
function ogrinfo(args: string[], options: { signedIn?: boolean; debug?: boolean } = {}) {
  const env: Record<string, string> = {};
  if (options.signedIn !== false) env.GDAL_HTTP_HEADERS = `Authorization: Bearer ${token}`;
  const debug = options.debug ? ['--debug', 'on'] : [];
  return runTool(gdalTool('ogrinfo'), [...debug, '-ro', ...args], { env });
}

describe('ogrinfo OAPIF against the live server', () => {
  test('lists the collections', async () => {
    const run = await ogrinfo([source]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^1: violations \(title: Vi phạm trật tự đô thị\)/m);
    expect(run.stdout).toMatch(/^2: projects \(title: Dự án giải phóng mặt bằng\)/m);
    expect(run.stdout).toMatch(/^\d: wards \(title: .*\) \(Polygon\)$/m);
    expect(run.stdout).toMatch(/^\d: wards-2024 \(title: .*\) \(Polygon\)$/m);
  });

  test('counts the features from numberMatched, with the staff fields', async () => {
    const run = await ogrinfo(['-so', source, 'violations', 'wards-2024']);
    expect(run.status, run.stderr).toBe(0);
    const layers = layersOf(run.stdout);
    expect(layers.get('violations')!.count).toBe(CASES);
    expect(layers.get('wards-2024')!.count).toBe(8);
    const fields = layers.get('violations')!.fields;
    expect(fields.get('kind_label')).toBe('String');
    expect(fields.get('observed_at')).toBe('DateTime');
    expect(fields.has('violator_name')).toBe(true);
  });

  test('pages through absolute next links with a small page size and reads every feature', async () => {
    const run = await ogrinfo(['-oo', 'PAGE_SIZE=2', source, 'violations'], { debug: true });
    expect(run.status).toBe(0);
    const fetched = [...run.stderr.matchAll(/HTTP: Fetch\((\S+)\)/g)].map((m) => m[1]!);
    const pages = fetched.filter((u) => u.includes('/collections/violations/items'));
    for (const offset of [2, 4, 6]) {
      expect(pages).toContain(
        `${server!.url}/ogc/collections/violations/items?limit=2&offset=${offset}`,
      );
    }
    expect(pages.some((u) => u.includes('offset=8'))).toBe(false);
    expect(run.stdout.match(/^OGRFeature\(violations\):\d+$/gm)).toHaveLength(CASES);
    for (let n = 1; n <= CASES; n++) {
      expect(run.stdout).toContain(`description (String) = San lấp trái phép số ${n}, Đức Xuân`);
    }
    expect(run.stdout).toContain(`violator_name (String) = ${VIOLATOR}`);
    expect(run.stdout).toContain('kind_label (String) = San ủi, san lấp trái phép');
  });

  test('reads one feature by its id', async () => {
    const list = await fetch(`${server!.url}/ogc/collections/violations/items?limit=1`);
    const id = ((await list.json()) as { features: { id: string }[] }).features[0]!.id;
    const run = await ogrinfo([source, 'violations', '-where', `id = '${id}'`]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.match(/^OGRFeature\(violations\)/gm)).toHaveLength(1);
    expect(run.stdout).toContain(`id (String) = ${id}`);
    expect(run.stdout).toMatch(/POINT \(105\.83\d+ 22\.147\)/);
  });

  test('without a token: the public view, no violator', async () => {
    const run = await ogrinfo([source, 'violations'], { signedIn: false });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.match(/^OGRFeature\(violations\)/gm)).toHaveLength(CASES);
    expect(run.stdout).not.toContain('violator_name');
    expect(run.stdout).not.toContain(VIOLATOR);
  });

  test('reads the projects and gaps collections, polygons and lines, with their fields', async () => {
    const planner = await userWithToken(server!.url, 'quy.hoach', ['planner']);
    const post = async (path: string, body: unknown) => {
      const res = await fetch(`${server!.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${planner}` },
        body: JSON.stringify(body),
      });
      if (res.status !== 201) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    };
    const [x, y] = [105.836, 22.149];
    await post('/api/projects', {
      type: 'Feature',
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [x, y],
            [x + 0.002, y],
            [x + 0.002, y + 0.002],
            [x, y + 0.002],
            [x, y],
          ],
        ],
      },
      properties: { name: 'Khu dân cư Đức Xuân mở rộng', land_type: 'other' },
    });
    await post('/api/gaps', {
      type: 'Feature',
      geometry: {
        type: 'LineString',
        coordinates: [
          [x, y - 0.001],
          [x + 0.003, y - 0.001],
        ],
      },
      properties: {
        rule_set: 'nq111-2025-table2a',
        standard: 'III.09',
        scope: 'urban',
        title: 'Đường Trường Chinh chưa có cống thoát nước',
      },
    });
    const run = await ogrinfo([source, 'projects', 'gaps']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.match(/^OGRFeature\(projects\)/gm)).toHaveLength(1);
    expect(run.stdout).toContain('name (String) = Khu dân cư Đức Xuân mở rộng');
    expect(run.stdout).toMatch(/area_ha \(Real\) = 4\.\d+/);
    expect(run.stdout).toMatch(/POLYGON \(\(105\.836 22\.149/);
    expect(run.stdout.match(/^OGRFeature\(gaps\)/gm)).toHaveLength(1);
    expect(run.stdout).toContain('title (String) = Đường Trường Chinh chưa có cống thoát nước');
    expect(run.stdout).toContain('standard (String) = III.09');
    expect(run.stdout).toMatch(/LINESTRING \(105\.836 22\.148/);
  });

  test('with the username and the token as Basic credentials (GDAL_HTTP_AUTH=BASIC): the staff view', async () => {
    const run = await runTool(gdalTool('ogrinfo'), ['-ro', source, 'violations'], {
      env: { GDAL_HTTP_AUTH: 'BASIC', GDAL_HTTP_USERPWD: `lan:${token}` },
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.match(/^OGRFeature\(violations\)/gm)).toHaveLength(CASES);
    expect(run.stdout).toContain(`violator_name (String) = ${VIOLATOR}`);
  });

  test('the account password as Basic credentials is refused', async () => {
    const run = await runTool(gdalTool('ogrinfo'), ['-ro', '-so', source, 'violations'], {
      env: { GDAL_HTTP_AUTH: 'BASIC', GDAL_HTTP_USERPWD: `lan:${USER_PASSWORD}` },
    });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('HTTP error code : 401');
  });

  test('a layer of one shape is typed: graded areas as polygons, pins as points', async () => {
    const [x, y] = [105.838, 22.151];
    const res = await fetch(`${server!.url}/api/violations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        type: 'Feature',
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [x, y],
              [x + 0.001, y],
              [x + 0.001, y + 0.001],
              [x, y],
            ],
          ],
        },
        properties: { kind: 'illegal_grading', description: 'Khu san lấp đồi' },
      }),
    });
    expect(res.status).toBe(201);
    const run = await ogrinfo([source]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^\d+: violations-areas \(title: .*\) \(Polygon\)$/m);
    expect(run.stdout).toMatch(/^\d+: violations-points \(title: .*\) \(Point\)$/m);
    const areas = await ogrinfo([source, 'violations-areas']);
    expect(areas.stdout.match(/^OGRFeature\(violations-areas\)/gm)).toHaveLength(1);
    expect(areas.stdout).toContain('description (String) = Khu san lấp đồi');
  });

  test('a revoked or wrong token is refused, not served as anonymous', async () => {
    const run = await runTool(gdalTool('ogrinfo'), ['-ro', '-so', source, 'violations'], {
      env: { GDAL_HTTP_HEADERS: 'Authorization: Bearer uim_wrong' },
    });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('HTTP error code : 401');
  });
});
