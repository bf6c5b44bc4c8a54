/**
 * The reason to move to PostgreSQL: two app processes serve one database. Each is the real server
 * (`server/main.ts` with DATABASE_URL), and what one writes the other reads at once — records,
 * history, map clusters and the export — while each keeps its own DATA_DIR for uploads.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PgClient } from '../../../server/store/postgres/pg-client.ts';
import { startPostgresCluster, type PostgresCluster } from '../../support/postgres-cluster.ts';
import { runScript, startServer, userWithToken, type ServerProcess } from './server-process.ts';

let cluster: PostgresCluster;
const dirs: string[] = [];
let a: ServerProcess;
let b: ServerProcess;
let token: string;

beforeAll(async () => {
  cluster = await startPostgresCluster();
  const admin = new PgClient(cluster.url());
  await admin.query('CREATE DATABASE uim_app');
  await admin.close();
  const env = { DATABASE_URL: cluster.url('uim_app') };
  const dir = () => {
    const d = mkdtempSync(join(tmpdir(), 'uim-pg-app-'));
    dirs.push(d);
    return d;
  };
  // One after the other: the first migrates the database and creates the first admin.
  a = await startServer(dir(), env);
  b = await startServer(dir(), env);
  token = await userWithToken(a.url, 'lan', ['inspector', 'planner']);
}, 180_000);

afterAll(async () => {
  await a?.stop();
  await b?.stop();
  cluster?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}, 60_000);

const auth = () => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });

describe('two servers on one PostgreSQL database', () => {
  const id = crypto.randomUUID();

  test('a case reported through one server is read, changed and listed through the other', async () => {
    const created = await fetch(`${a.url}/api/violations`, {
      method: 'POST',
      headers: auth(),
      body: JSON.stringify({
        type: 'Feature',
        id,
        geometry: { type: 'Point', coordinates: [105.834, 22.147] },
        properties: { kind: 'sidewalk_encroachment', description: 'Lấn chiếm vỉa hè bán hàng' },
      }),
    });
    expect(created.status).toBe(201);

    const read = await fetch(`${b.url}/api/violations/${id}`, { headers: auth() });
    expect(read.status).toBe(200);
    const record = (await read.json()) as {
      properties: { version: number; ward: { name: string } };
    };
    expect(record.properties.ward.name).toMatch(/Đức Xuân|Bắc Kạn/);

    const patched = await fetch(`${b.url}/api/violations/${id}`, {
      method: 'PATCH',
      headers: auth(),
      body: JSON.stringify({
        version: record.properties.version,
        properties: { description: 'Đã nhắc nhở' },
      }),
    });
    expect(patched.status).toBe(200);
    // The first server's copy is now stale: its write is refused, not lost over the other.
    const stale = await fetch(`${a.url}/api/violations/${id}`, {
      method: 'PATCH',
      headers: auth(),
      body: JSON.stringify({
        version: record.properties.version,
        properties: { description: 'ghi đè' },
      }),
    });
    expect(stale.status).toBe(409);

    const history = await fetch(`${a.url}/api/violations/${id}/history`, { headers: auth() });
    const entries = (await history.json()) as { versions: { version: number }[] };
    expect(entries.versions.map((h) => h.version)).toEqual([1, 2]);

    const found = await fetch(`${a.url}/api/violations?q=nhac%20nho`, { headers: auth() });
    const list = (await found.json()) as { features: { id: string }[] };
    expect(list.features.map((f) => f.id)).toEqual([id]);
  });

  test("each server's map clusters count the other's new cases", async () => {
    const count = async (url: string) => {
      const res = await fetch(`${url}/api/violations/clusters?bbox=105.7,22.0,106.0,22.3&zoom=10`, {
        headers: auth(),
      });
      expect(res.status).toBe(200);
      const body = (await res.json()) as {
        features: { properties: { cluster?: boolean; point_count?: number } }[];
      };
      return body.features.reduce(
        (n, f) => n + (f.properties.cluster ? f.properties.point_count! : 1),
        0,
      );
    };
    const before = await count(b.url);
    const created = await fetch(`${a.url}/api/violations`, {
      method: 'POST',
      headers: auth(),
      body: JSON.stringify({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [105.835, 22.148] },
        properties: { kind: 'illegal_grading', description: 'San ủi trái phép' },
      }),
    });
    expect(created.status).toBe(201);
    // The cluster index may be rebuilt off the request path: it catches up within seconds.
    await expect.poll(() => count(b.url), { timeout: 20_000, interval: 250 }).toBe(before + 1);
  });

  test('npm run import writes into PostgreSQL, and a server sees the cases at once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'uim-pg-import-'));
    dirs.push(dir);
    const file = join(dir, 'cases.geojson');
    const ids = [crypto.randomUUID(), crypto.randomUUID()];
    const feature = (id: string, i: number) => ({
      type: 'Feature',
      id,
      geometry: { type: 'Point', coordinates: [105.8345 + i * 1e-4, 22.1475] },
      properties: { kind: 'illegal_construction', description: `Xây dựng không phép ${i}` },
    });
    writeFileSync(
      file,
      JSON.stringify({
        type: 'FeatureCollection',
        features: [...ids.map(feature), { type: 'Feature', geometry: null, properties: {} }],
      }),
    );
    const env = { DATABASE_URL: cluster.url('uim_app') };
    const first = await runScript('import', [file], dir, undefined, env);
    expect(first.output).toMatch(/2 imported, 0 already there, 1 refused/);
    expect(first.output).toMatch(/feature 2:/);
    const again = await runScript('import', [file], dir, undefined, env);
    expect(again.output).toMatch(/0 imported, 2 already there/);
    for (const id of ids) {
      const res = await fetch(`${b.url}/api/violations/${id}`, { headers: auth() });
      expect(res.status).toBe(200);
    }
  }, 60_000);

  test('every page of the app gets its data from PostgreSQL: statistics, criteria, reports, exports, OGC', async () => {
    const lead = await userWithToken(a.url, 'thu', ['lead', 'planner']);
    const month = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 7);
    const today = new Date().toISOString().slice(0, 10);
    const rules = '/api/criteria/nq111-2025-table2a';
    const paths = [
      '/api/stats',
      `/api/stats?asOf=${today}`,
      '/api/criteria',
      `${rules}/scorecard?scope=urban`,
      `${rules}/indicators?scope=urban`,
      '/api/projects',
      '/api/gaps',
      `/api/violations?asOf=${today}`,
      '/api/audit',
      `/api/reports/monthly/${month}`,
      `/api/exports/${month}.geojson`,
      `/api/exports/${month}.gpkg`,
      '/ogc/collections/violations/items?limit=5',
      '/ogc/collections/projects/items',
      '/ogc/collections/gaps/items',
    ];
    for (const path of paths) {
      const res = await fetch(`${b.url}${path}`, { headers: { authorization: `Bearer ${lead}` } });
      expect(res.status, `${path}: ${res.status === 200 ? '' : await res.text()}`).toBe(200);
      await res.arrayBuffer();
    }
    const exported = await fetch(`${a.url}/api/exports/${month}.geojson`, {
      headers: { authorization: `Bearer ${lead}` },
    });
    const features = ((await exported.json()) as { features: { id: string }[] }).features;
    // The cases reported and imported above, each once, in their state at export time.
    expect(features.length).toBeGreaterThanOrEqual(4);
    expect(new Set(features.map((f) => f.id)).size).toBe(features.length);
  }, 120_000);
});
