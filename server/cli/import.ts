/**
 * npm run import -- <file.geojson> [--as <username>]: violations from a GeoJSON FeatureCollection
 * into DATA_DIR's database, checked as the API checks a new report, in large transactions with a
 * version row each. The file is read as a stream. A refused feature is printed with its index in
 * `features`; the others go in. Running it again skips the features whose id is already a record.
 */
import { createReadStream, existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readConfig } from '../config.ts';
import { dataPaths } from '../data-dir.ts';
import { featuresOf, FeatureStreamError } from '../import/feature-stream.ts';
import { importFile } from '../import/file-import.ts';
import type { ImportReport } from '../import/violation-import.ts';
import { importViolations } from '../import/violation-import.ts';
import { loadReferenceData } from '../reference-data.ts';
import { systemClock } from '../domain/clock.ts';
import { ViolationService } from '../services/violations.ts';
import { openStore } from '../store/open-store.ts';
import { openDatabase } from '../store/sqlite/database.ts';

const USAGE = `Usage: npm run import -- <file.geojson> [--as <username>]
  --as  the user the reports are recorded as made by (default: none, as for a migration)
Each feature is checked as POST /api/violations checks it (kind, description, geometry inside
the service area…); a feature whose id is already a record is skipped.`;

function fail(message: string, code = 1): never {
  console.error(message);
  process.exit(code);
}

let parsed;
try {
  parsed = parseArgs({ allowPositionals: true, options: { as: { type: 'string' } } });
} catch (e) {
  fail(`${(e as Error).message}\n${USAGE}`, 2);
}
if (parsed.positionals.length !== 1) fail(USAGE, 2);
// npm runs scripts in the package's folder; a relative path means where the user typed it.
const file = resolve(process.env.INIT_CWD ?? process.cwd(), parsed.positionals[0]!);
if (!existsSync(file)) fail(`There is no file ${file}.`, 2);

const config = readConfig();
const paths = dataPaths(config.dataDir);
mkdirSync(paths.root, { recursive: true });
// The store brings the database up to date and finds the user.
const { store, kind } = await openStore(config.databaseUrl, paths);
let actor = null;
if (parsed.values.as) {
  actor = (await store.users.byUsername(parsed.values.as)) ?? null;
  if (!actor) fail(`There is no user "${parsed.values.as}".`, 2);
}

const options = {
  actor,
  onRefused: (r: { index: number; message: string }) =>
    console.error(`feature ${r.index}: ${r.message}`),
  onProgress: (r: ImportReport) => {
    if (process.stderr.isTTY) process.stderr.write(`\r${r.imported} imported…`);
  },
};

/**
 * A SQLite file is written through a connection of its own while a worker thread reads and checks
 * the file; PostgreSQL takes the store's batched inserts. The connection keeps the 64 MB page
 * cache every connection has: at a million records a 512 MB one took the import's peak memory
 * from 0.77 to 1.29 GB for a time within the runs' spread (154.8 s against 163.5 s; 256 MB took
 * 171.9 s).
 */
async function run(): Promise<ImportReport> {
  if (kind === 'sqlite') {
    await store.close();
    const db = openDatabase(paths.database);
    try {
      return await importFile(file, db, options);
    } finally {
      db.close();
    }
  }
  try {
    const reference = loadReferenceData();
    const service = new ViolationService({
      store,
      wards: reference.wards,
      clock: systemClock,
      areaName: reference.areaName,
    });
    const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
    return await importViolations(
      featuresOf(stream),
      { service, store, clock: systemClock },
      options,
    );
  } finally {
    await store.close();
  }
}

let exitCode = 0;
try {
  const started = performance.now();
  const report = await run();
  if (process.stderr.isTTY) process.stderr.write('\r');
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `Read ${report.read} features in ${seconds.toFixed(1)} s: ${report.imported} imported, ` +
      `${report.existing} already there, ${report.refused} refused.`,
  );
  // Some refused: the rest is in, but a script must not take the import for complete.
  if (report.refused > 0) exitCode = 1;
} catch (e) {
  if (e instanceof FeatureStreamError) fail(e.message);
  throw e;
}
process.exit(exitCode);
