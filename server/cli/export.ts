/**
 * npm run export -- --month YYYY-MM [--layer violations] [--format geojson|csv|kml|gpkg] [--public]
 * [--out FILE]: one monthly export from DATA_DIR's database, the same bytes the API sends. It runs
 * beside a live server (its own read connection; SQLite's WAL lets both go on).
 */
import { existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readConfig } from '../config.ts';
import { dataPaths } from '../data-dir.ts';
import { DomainError } from '../domain/errors.ts';
import { ALL_PERMISSIONS, Exporter, exportTempDir } from '../exports/exporter.ts';
import { FORMAT_NAMES, isExportFormat } from '../exports/formats.ts';
import { EXPORT_LAYER_NAMES } from '../exports/source.ts';
import { systemClock } from '../domain/clock.ts';
import { openStore } from '../store/open-store.ts';

const USAGE = `Usage: npm run export -- --month YYYY-MM [--layer <${EXPORT_LAYER_NAMES.join('|')}>]
  [--format <${FORMAT_NAMES.join('|')}>] [--public] [--out FILE]
  --public  the public view: no violators, notes or staff names (what may be published)
  --out     where to write (default: the export's own name in the current folder)`;

function fail(message: string, code = 1): never {
  console.error(message);
  process.exit(code);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      month: { type: 'string' },
      layer: { type: 'string', multiple: true },
      format: { type: 'string', default: 'geojson' },
      public: { type: 'boolean', default: false },
      out: { type: 'string' },
    },
  }));
} catch (e) {
  fail(`${(e as Error).message}\n${USAGE}`, 2);
}
if (!values.month) fail(USAGE, 2);
if (!isExportFormat(values.format)) fail(`Unknown format "${values.format}".\n${USAGE}`, 2);

const config = readConfig();
const paths = dataPaths(config.dataDir);
if (!config.databaseUrl && !existsSync(paths.database)) {
  fail(`There is no database at ${paths.database}.`);
}
const { store } = await openStore(config.databaseUrl, paths);
try {
  const exporter = new Exporter({
    store,
    clock: systemClock,
    tempDir: exportTempDir(paths.exports),
  });
  const file = await exporter.open(
    { month: values.month, format: values.format, layers: values.layer, public: values.public },
    ALL_PERMISSIONS,
  );
  // npm runs scripts in the package's folder; a relative --out means where the user typed it.
  const here = process.env.INIT_CWD ?? process.cwd();
  const out = resolve(here, values.out ?? file.name);
  const temp = `${out}.${process.pid}.tmp`;
  try {
    const sha256 = await exporter.write(file, temp);
    await rename(temp, out);
    console.log(`Wrote ${out} (sha256 ${sha256}).`);
  } finally {
    await rm(temp, { force: true });
    await rm(`${temp}-journal`, { force: true });
  }
  if (!file.month.final) {
    console.log(`${file.month.id} has not ended: this export is provisional and will change.`);
  }
} catch (e) {
  if (e instanceof DomainError) fail(e.text.en);
  fail(`Export failed: ${(e as Error).message}`);
} finally {
  await store.close();
}
