/** The benchmark's report: one markdown table, each figure beside its anchor and its target. */
import type { BrowserMapResult } from './browser-map.ts';
import type { FirstLoad } from './first-load.ts';
import { percentile } from './measure.ts';

interface Latency {
  p50: number;
  p95: number;
}

export interface SizeResult {
  n: number;
  fileMb: number;
  import?: {
    seconds: number;
    wallSeconds: number;
    peakMb: number;
    imported: number;
    refused: number;
  };
  ogrImport?: { seconds: number; peakMb: number };
  pgLoadSeconds?: number;
  bbox?: Latency & { features: number; mb: number };
  pgBbox?: Latency & { features: number };
  clusters?: Latency & { coldMs: number; maxKb: number; maxFeatures: number };
  pgClusters?: Latency & { maxKb: number };
  creates?: Latency & { perSecond: number };
  pgCreates?: Latency & { perSecond: number };
  export?: { seconds: number; peakMb: number; mb: number };
  ogrExport?: { seconds: number; peakMb: number; mb: number };
  browserMap?: BrowserMapResult;
}

export interface ReportInput {
  machine: {
    cpu: string;
    memoryGb: number;
    node: string;
    sqlite: string;
    gdal: string | null;
    postgis: string | null;
  };
  results: SizeResult[];
  firstLoad: FirstLoad | null;
  /** Why a part was not measured, or null. `chromium`: the browser map. */
  skipped: { gdal: string | null; postgis: string | null; chromium?: string | null };
  creates: number;
  date: string;
}

const f0 = (n: number) => Math.round(n).toLocaleString('en-US');
const f1 = (n: number) => n.toFixed(1);
const ms = (n: number) => (n >= 100 ? f0(n) : n.toFixed(1)) + ' ms';
const size = (n: number) => (n >= 1e6 ? `${n / 1e6}M` : `${n / 1e3}k`);

function verdict(met: boolean, by: string): string {
  return met ? `met (${by})` : `**missed** (${by})`;
}

export function renderReport(input: ReportInput): string {
  const { machine, results, skipped } = input;
  const rows: string[][] = [];
  const row = (...cells: string[]) => rows.push(cells);
  const gdalNote = skipped.gdal ? `skipped: ${skipped.gdal}` : '—';
  const pgNote = skipped.postgis ? `skipped: ${skipped.postgis}` : '—';
  const largest = results.at(-1);
  const smallest = results[0];

  for (const r of results) {
    const s = size(r.n);
    if (r.import) {
      const rate = r.import.imported / r.import.seconds;
      const target =
        r.n >= 1e6 ? verdict(r.import.seconds <= 20, `${f1(r.import.seconds)} s of 20 s`) : '';
      row(
        s,
        'bulk import (`npm run import`)',
        `${f0(rate)}/s, ${f1(r.import.seconds)} s, peak ${f0(r.import.peakMb)} MB${r.import.refused ? `, ${r.import.refused} refused` : ''}`,
        r.ogrImport
          ? `ogr2ogr → GPKG ${f0(r.n / r.ogrImport.seconds)}/s, ${f1(r.ogrImport.seconds)} s`
          : gdalNote,
        target,
      );
      if (r.pgLoadSeconds !== undefined)
        row(
          s,
          '',
          '',
          `PostGIS COPY + GiST ${f0(r.n / r.pgLoadSeconds)}/s, ${f1(r.pgLoadSeconds)} s`,
          '',
        );
    }
    if (r.creates) {
      row(
        s,
        `API create, ${input.creates} at 8 concurrent`,
        `p50 ${ms(r.creates.p50)}, p95 ${ms(r.creates.p95)}, ${f0(r.creates.perSecond)}/s`,
        r.pgCreates
          ? `PostGIS INSERT + version row: p50 ${ms(r.pgCreates.p50)}, p95 ${ms(r.pgCreates.p95)}, ${f0(r.pgCreates.perSecond)}/s`
          : pgNote,
        verdict(r.creates.perSecond >= 3000, `${f0(r.creates.perSecond)} of 3,000/s`),
      );
    }
    if (r.bbox) {
      const cmp = r.pgBbox
        ? verdict(r.bbox.p50 <= r.pgBbox.p50, `p50 ${f1(r.bbox.p50 / r.pgBbox.p50)}× PostGIS`)
        : '';
      row(
        s,
        `bbox API, ~1% (${f0(r.bbox.features)} features, ${f1(r.bbox.mb)} MB)`,
        `p50 ${ms(r.bbox.p50)}, p95 ${ms(r.bbox.p95)}`,
        r.pgBbox
          ? `PostGIS GiST + pg (${f0(r.pgBbox.features)}): p50 ${ms(r.pgBbox.p50)}, p95 ${ms(r.pgBbox.p95)}`
          : pgNote,
        cmp,
      );
    }
    if (r.clusters) {
      row(
        s,
        'map clusters (63 views, zoom 9–16)',
        `p50 ${ms(r.clusters.p50)}, p95 ${ms(r.clusters.p95)}, largest ${f1(r.clusters.maxKb)} KB (${r.clusters.maxFeatures} features); index built in ${ms(r.clusters.coldMs)}`,
        r.pgClusters
          ? `PostGIS ST_SnapToGrid: p50 ${ms(r.pgClusters.p50)}, p95 ${ms(r.pgClusters.p95)}, largest ${f1(r.pgClusters.maxKb)} KB`
          : pgNote,
        verdict(r.clusters.maxKb <= 1024, `largest ${f1(r.clusters.maxKb)} KB of 1 MB`),
      );
    }
    if (r.browserMap) {
      const b = r.browserMap;
      const load = percentile(b.loads, 50);
      row(
        s,
        `planner map in headless Chromium: load to idle (${b.loads.length} first visits), ${b.pans} pans`,
        `load p50 ${ms(load)} (${b.loads.map(ms).join(', ')}); pan to idle p50 ${ms(b.idle.p50)}, p95 ${ms(b.idle.p95)}; new view's clusters drawn p50 ${ms(b.fresh.p50)}, p95 ${ms(b.fresh.p95)} (after the map's 200 ms settle delay; request p50 ${ms(b.request.p50)})`,
        '—',
        r.n >= 1e6
          ? verdict(
              load <= 2000 && b.idle.p50 <= 40,
              `load ${ms(load)} of 2 s, pan p50 ${ms(b.idle.p50)} of 40 ms`,
            )
          : '',
      );
    }
    if (r.export) {
      const half = r.ogrExport ? r.export.seconds <= r.ogrExport.seconds / 2 : false;
      row(
        s,
        `monthly GeoJSON export (${f1(r.export.mb)} MB)`,
        `${f1(r.export.seconds)} s, peak RSS ${f0(r.export.peakMb)} MB`,
        r.ogrExport
          ? `ogr2ogr GPKG → GeoJSON: ${f1(r.ogrExport.seconds)} s, peak RSS ${f0(r.ogrExport.peakMb)} MB`
          : gdalNote,
        r.ogrExport && r.n >= 1e6
          ? verdict(
              half,
              `${f1(r.export.seconds / r.ogrExport.seconds)}× ogr2ogr's time, target ≤ 0.5×`,
            )
          : '',
      );
    }
  }
  if (largest?.export && smallest?.export && largest !== smallest) {
    const growth = largest.export.peakMb - smallest.export.peakMb;
    row(
      `${size(smallest.n)}→${size(largest.n)}`,
      'export peak RSS growth',
      `${f1(growth)} MB`,
      largest.ogrExport && smallest.ogrExport
        ? `ogr2ogr: ${f1(largest.ogrExport.peakMb - smallest.ogrExport.peakMb)} MB`
        : gdalNote,
      verdict(growth <= 64, `${f1(growth)} of 64 MB`),
    );
  }
  if (input.firstLoad) {
    const fl = input.firstLoad;
    // MapLibre and its worker are most of it, and the map cannot draw without either: say so.
    const maplibreKb = fl.files
      .filter((x) => /maplibre/.test(x.name))
      .reduce((n, x) => n + x.gzipKb, 0);
    row(
      '—',
      'first-load JavaScript (gzip)',
      `${f1(fl.totalKb)} KB: ${fl.files.map((x) => `${x.name.replace('assets/', '')} ${f1(x.gzipKb)}`).join(', ')}`,
      '—',
      verdict(
        fl.totalKb <= 400,
        `${f1(fl.totalKb)} of 400 KB, counting the map's worker; MapLibre with its worker alone is ${f1(maplibreKb)} KB; ${f1(fl.htmlKb)} KB without the worker`,
      ),
    );
  } else {
    row(
      '—',
      'first-load JavaScript (gzip)',
      'not measured: no web/dist (run `npm run build`)',
      '—',
      '',
    );
  }
  if (!results.some((r) => r.browserMap)) {
    row(
      '—',
      'planner map in headless Chromium',
      `not measured: ${skipped.chromium ?? 'no run'}`,
      '—',
      '',
    );
  }

  const table = [
    '| size | measure | this app | anchor (same run, same data) | target |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
  const m = machine;
  return `# Benchmark: ${input.date.slice(0, 10)}

Machine: ${m.cpu}, ${f1(m.memoryGb)} GB memory; Node ${m.node}; SQLite ${m.sqlite}; ${m.gdal ?? `GDAL ${gdalNote}`}; ${m.postgis ?? `PostGIS ${pgNote}`}.

${table}

Sizes: ${results.map((r) => `${size(r.n)} (${f0(r.fileMb)} MB of GeoJSON)`).join(', ')}; seeded synthetic violations over the
service area. The import time is the command's own (its process start excluded); peak RSS is the whole process's (GNU time).
The bbox API is \`/ogc/collections/violations/items?bbox=…&limit=10000\` with a lead's token, timed over HTTP on loopback; its
anchor runs the same query (GiST, newest first) through node-postgres and builds the same JSON text in this process. Export:
\`npm run export -- --layer violations\` (all records, created this month) against \`ogr2ogr\` from a GeoPackage of the same file.
`;
}
