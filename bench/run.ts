/**
 * npm run bench [-- --sizes 10000,100000] [--creates 2000]: the scale benchmark. For
 * each size, seeded synthetic violations are imported with `npm run import`, the real server is
 * started on the new DATA_DIR and measured over HTTP, and each figure is set beside its anchor
 * measured in the same run on the same data: ogr2ogr (GDAL) and PostGIS through node-postgres.
 * The report goes to bench/results/latest.md and to standard output. `npm run bench -- --load`
 * runs the load test instead (load.ts).
 */
import Database from 'better-sqlite3';
import {
  chmodSync,
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { once } from 'node:events';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { dataPaths } from '../server/data-dir.ts';
import { loadReferenceData } from '../server/reference-data.ts';
import { browserMap, browserMissing } from './browser-map.ts';
import { firstLoad } from './first-load.ts';
import { closeClient, request } from './http.ts';
import { ogr2ogrMissing, ogrExport, ogrImport, ogrVersion } from './gdal.ts';
import { load, percentile, runChild, timed } from './measure.ts';
import {
  bboxFeatureCollection,
  gridClusters,
  loadRecords,
  postgisMissing,
  prepareCreates,
  startPostGis,
  type PostGis,
} from './postgis.ts';
import { renderReport, type SizeResult } from './report.ts';
import { ROOT, startServer } from './server.ts';
import { random, syntheticFeature, positionSampler, writeSynthetic } from './synthetic.ts';
import { radiusDegrees, screenAround } from './views.ts';

// `--load`: the load test alone (load-main.ts), not the table of sizes.
if (process.argv.includes('--load')) {
  await import('./load-main.ts');
  process.exit(process.exitCode ?? 0);
}
// `--phone`: the first map on a phone's weak link alone (phone-main.ts).
if (process.argv.includes('--phone')) {
  await import('./phone-main.ts');
  process.exit(process.exitCode ?? 0);
}

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,100000,200000,1000000' },
    creates: { type: 'string', default: '2000' },
    keep: { type: 'boolean', default: false },
  },
});
const sizes = values.sizes.split(',').map((s) => Number(s.trim()));
if (sizes.some((n) => !Number.isInteger(n) || n < 100)) {
  console.error('Usage: npm run bench -- [--sizes 10000,100000,1000000] [--creates 2000]');
  process.exit(2);
}
const CREATES = Number(values.creates);
const SEED = 20_250_701;
/** The latest observation time of the synthetic reports: fixed, so every run makes the same file. */
const UNTIL = Date.parse('2026-06-30T10:00:00Z');
const area = loadReferenceData().wards.serviceArea;
const work = mkdtempSync(join(tmpdir(), 'uim-bench-'));
// PostgreSQL's server reads the CSV copy itself: it must see the folder.
chmodSync(work, 0o755);
const log = (s: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${s}`);
const nodeTsx = (script: string) =>
  [process.execPath, ['--import', 'tsx', join(ROOT, script)]] as const;

const gdalMissing = ogr2ogrMissing();
const pgMissing = postgisMissing();
const chromiumMissing = browserMissing(process.env.WEB_DIST ?? join(ROOT, 'web', 'dist'));
let postgis: PostGis | null = null;
if (!pgMissing) postgis = await startPostGis();

/** The month the import's versions fall in, in office time: what the monthly export covers. */
const month = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 7);

async function writeCsv(dbFile: string, csv: string): Promise<void> {
  const db = new Database(dbFile, { readonly: true });
  const out = createWriteStream(csv);
  const q = (s: string) => `"${s.replaceAll('"', '""')}"`;
  for (const r of db
    .prepare('SELECT id, geometry, properties, observed_at FROM violations')
    .raw()
    .iterate() as Iterable<string[]>) {
    if (!out.write(`${r[0]},${q(r[1]!)},${q(r[2]!)},${r[3]}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  db.close();
}

/** A box around the town centre holding about `target` records, found on the R*Tree. */
function boxHolding(dbFile: string, target: number): number[] {
  const db = new Database(dbFile, { readonly: true });
  const count = db
    .prepare(
      'SELECT count(*) FROM violations_rtree WHERE max_x >= ? AND min_x <= ? AND max_y >= ? AND min_y <= ?',
    )
    .pluck();
  const [cx, cy] = [105.834, 22.147];
  let [lo, hi] = [0, 0.2];
  for (let i = 0; i < 30; i++) {
    const mid = (lo + hi) / 2;
    if ((count.get(cx - mid, cx + mid, cy - mid, cy + mid) as number) < target) lo = mid;
    else hi = mid;
  }
  db.close();
  return [cx - hi, cy - hi, cx + hi, cy + hi].map((n) => Math.round(n * 1e7) / 1e7);
}

/** Positions of some records, for views centred where reports are. */
function somePositions(dbFile: string, count: number): [number, number][] {
  const db = new Database(dbFile, { readonly: true });
  const rows = db
    .prepare(
      'SELECT (min_x + max_x) / 2, (min_y + max_y) / 2 FROM violations_rtree ORDER BY id LIMIT ?',
    )
    .raw()
    .all(count * 50) as [number, number][];
  db.close();
  const rand = random(SEED + 3);
  return Array.from({ length: count }, () => rows[Math.floor(rand() * rows.length)]!);
}

async function benchSize(n: number): Promise<SizeResult> {
  const dir = join(work, String(n));
  mkdirSync(dir, { mode: 0o755 });
  const file = join(dir, 'violations.geojson');
  log(`${n}: writing the synthetic file`);
  await writeSynthetic(file, n, area, SEED, UNTIL);
  const result: SizeResult = { n, fileMb: statSync(file).size / 1048576 };

  const dataDir = join(dir, 'data');
  log(`${n}: npm run import`);
  const [node, importArgs] = nodeTsx('server/cli/import.ts');
  const imported = await runChild(node, [...importArgs, file], {
    env: { ...process.env, DATA_DIR: dataDir },
    cwd: ROOT,
  });
  const own = /in ([\d.]+) s: (\d+) imported, \d+ already there, (\d+) refused/.exec(
    imported.stdout,
  );
  if (!own)
    throw new Error(`the import failed:\n${imported.stdout}\n${imported.stderr.slice(-3000)}`);
  result.import = {
    seconds: Number(own[1]),
    wallSeconds: imported.seconds,
    peakMb: imported.peakMb,
    imported: Number(own[2]),
    refused: Number(own[3]),
  };
  const gpkg = join(dir, 'violations.gpkg');
  if (!gdalMissing) {
    log(`${n}: ogr2ogr GeoJSON → GPKG`);
    const r = await ogrImport(file, gpkg);
    result.ogrImport = { seconds: r.seconds, peakMb: r.peakMb };
  }
  const dbFile = dataPaths(dataDir).database;
  if (postgis) {
    log(`${n}: loading PostGIS`);
    const csv = join(dir, 'violations.csv');
    await writeCsv(dbFile, csv);
    result.pgLoadSeconds = await loadRecords(postgis, csv);
    rmSync(csv);
  }

  const server = await startServer(dataDir);
  try {
    const auth = (token: string) => ({ authorization: `Bearer ${token}` });
    // About 1% of the records: 10,000 at a million, the OGC API's largest page.
    const target = Math.max(1, Math.round(n / 100));
    const bbox = boxHolding(dbFile, target);
    log(`${n}: bbox queries (${target} features)`);
    const bboxUrl = `${server.url}/ogc/collections/violations/items?bbox=${bbox.join(',')}&limit=10000`;
    const samples: number[] = [];
    let returned = 0;
    let bytes = 0;
    const runs = n >= 500_000 ? 15 : 30;
    for (let i = 0; i < runs + 2; i++) {
      const { ms, value } = await timed(
        async () => (await request(bboxUrl, { headers: auth(server.tokens.lead) })).body,
      );
      if (i < 2) continue; // warm-up: the first reads fill SQLite's and the OS's caches
      samples.push(ms);
      bytes = value.length;
      returned = (JSON.parse(value) as { numberReturned: number }).numberReturned;
    }
    result.bbox = {
      features: returned,
      p50: percentile(samples, 50),
      p95: percentile(samples, 95),
      mb: bytes / 1048576,
    };
    if (postgis) {
      const pgSamples: number[] = [];
      let pgCount = 0;
      for (let i = 0; i < runs + 2; i++) {
        const { ms, value } = await timed(() => bboxFeatureCollection(postgis!, bbox, 10_000));
        if (i >= 2) pgSamples.push(ms);
        pgCount = value.count;
      }
      result.pgBbox = {
        features: pgCount,
        p50: percentile(pgSamples, 50),
        p95: percentile(pgSamples, 95),
      };
    }

    log(`${n}: clusters`);
    const views = somePositions(dbFile, 60).map((p, i) => ({
      zoom: 10 + (i % 7),
      bbox: screenAround(p, 10 + (i % 7)),
    }));
    views.push(
      ...[9, 10, 11].map((zoom) => ({
        zoom,
        bbox: screenAround([105.8, 22.15], zoom, 1920, 1080),
      })),
    );
    const clusterUrl = (v: (typeof views)[number]) =>
      `${server.url}/api/violations/clusters?bbox=${v.bbox.join(',')}&zoom=${v.zoom}`;
    const cold = await timed(async () => (await request(clusterUrl(views[0]!))).body);
    const clusterSamples: number[] = [];
    let maxBytes = 0;
    let maxFeatures = 0;
    for (const v of views) {
      const { ms, value } = await timed(async () => {
        const res = await request(clusterUrl(v));
        if (res.status !== 200) throw new Error(`clusters answered ${res.status}: ${res.body}`);
        return res.body;
      });
      clusterSamples.push(ms);
      maxBytes = Math.max(maxBytes, value.length);
      maxFeatures = Math.max(
        maxFeatures,
        (JSON.parse(value) as { numberReturned: number }).numberReturned,
      );
    }
    result.clusters = {
      coldMs: cold.ms,
      p50: percentile(clusterSamples, 50),
      p95: percentile(clusterSamples, 95),
      maxKb: maxBytes / 1024,
      maxFeatures,
    };
    if (postgis) {
      const pgSamples: number[] = [];
      let pgMax = 0;
      for (const v of views) {
        const { ms, value } = await timed(() =>
          gridClusters(postgis!, v.bbox as number[], radiusDegrees(v.zoom)),
        );
        pgSamples.push(ms);
        pgMax = Math.max(pgMax, value.length);
      }
      result.pgClusters = {
        p50: percentile(pgSamples, 50),
        p95: percentile(pgSamples, 95),
        maxKb: pgMax / 1024,
      };
    }

    if (!chromiumMissing) {
      // After the clusters above: the index is built, as on a server that has been running.
      log(`${n}: the planner map in headless Chromium`);
      result.browserMap = await browserMap(server.url, server.tokens.lead);
    }

    log(`${n}: ${CREATES} creates`);
    const rand = random(SEED + n);
    const places = positionSampler(area, rand);
    const bodies = Array.from({ length: CREATES }, () =>
      syntheticFeature(rand, places.next(), places.cell.w, Date.now() - 3600_000),
    );
    const creates = await load(CREATES, 8, async (i) => {
      const res = await request(`${server.url}/api/violations`, {
        method: 'POST',
        headers: { ...auth(server.tokens.inspector), 'content-type': 'application/json' },
        body: JSON.stringify(bodies[i]),
      });
      if (res.status !== 201) throw new Error(`create answered ${res.status}: ${res.body}`);
    });
    result.creates = {
      p50: percentile(creates.latencies, 50),
      p95: percentile(creates.latencies, 95),
      perSecond: creates.perSecond,
    };
    if (postgis) {
      const insert = await prepareCreates(postgis);
      const pg = await load(CREATES, 8, (i) => insert(bodies[i]!));
      result.pgCreates = {
        p50: percentile(pg.latencies, 50),
        p95: percentile(pg.latencies, 95),
        perSecond: pg.perSecond,
      };
    }
  } finally {
    await server.stop();
  }

  log(`${n}: monthly export ${month}`);
  const out = join(dir, 'export.geojson');
  const [exportNode, exportArgs] = nodeTsx('server/cli/export.ts');
  const exported = await runChild(
    exportNode,
    [...exportArgs, '--month', month, '--layer', 'violations', '--out', out],
    {
      env: { ...process.env, DATA_DIR: dataDir },
      cwd: ROOT,
    },
  );
  if (exported.code !== 0) throw new Error(`the export failed:\n${exported.stderr.slice(-3000)}`);
  result.export = {
    seconds: exported.seconds,
    peakMb: exported.peakMb,
    mb: statSync(out).size / 1048576,
  };
  rmSync(out);
  if (!gdalMissing) {
    const ogrOut = join(dir, 'ogr-export.geojson');
    const r = await ogrExport(gpkg, ogrOut);
    result.ogrExport = {
      seconds: r.seconds,
      peakMb: r.peakMb,
      mb: statSync(ogrOut).size / 1048576,
    };
  }
  if (!values.keep) rmSync(dir, { recursive: true, force: true });
  log(`${n}: done`);
  return result;
}

const results: SizeResult[] = [];
let pgVersion: string | null = null;
try {
  if (postgis) {
    const { rows } = await postgis.pool.query(
      `SELECT split_part(version(), ' ', 2) AS pg, postgis_lib_version() AS postgis`,
    );
    pgVersion = `PostgreSQL ${rows[0].pg}, PostGIS ${rows[0].postgis}`;
  }
  for (const n of sizes) results.push(await benchSize(n));
} finally {
  await postgis?.stop();
  closeClient();
  if (!values.keep) rmSync(work, { recursive: true, force: true });
}

const machine = {
  cpu: `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}`,
  memoryGb: totalmem() / 1024 ** 3,
  node: process.version,
  sqlite: new Database(':memory:').prepare('SELECT sqlite_version()').pluck().get() as string,
  gdal: gdalMissing ? null : ogrVersion(),
  postgis: pgVersion,
};
const report = renderReport({
  machine,
  results,
  firstLoad: firstLoad(process.env.WEB_DIST ?? join(ROOT, 'web', 'dist')),
  skipped: { gdal: gdalMissing, postgis: pgMissing, chromium: chromiumMissing },
  creates: CREATES,
  date: new Date().toISOString(),
});
mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
writeFileSync(join(ROOT, 'bench', 'results', 'latest.md'), report);
console.log(report);
