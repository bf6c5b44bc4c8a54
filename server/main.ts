/**
 * Starts the app: opens and migrates the store (DATA_DIR's SQLite file, or the PostgreSQL database
 * DATABASE_URL names), serves the API and the web app.
 */
import { serve } from '@hono/node-server';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createApp } from './app.ts';
import { ExportArchive } from './exports/archive.ts';
import { Exporter, exportTempDir } from './exports/exporter.ts';
import { readConfig, ROOT } from './config.ts';
import { DataDirError, dataPaths, prepareDataDir } from './data-dir.ts';
import { OWNER_FILE } from './owner-only.ts';
import { startRefusal, storageProblem } from './storage-fault.ts';
import { ReadLimits } from './http/read-limits.ts';
import { loadReferenceData } from './reference-data.ts';
import { systemClock } from './domain/clock.ts';
import { UserService } from './services/users.ts';
import { openStore } from './store/open-store.ts';

/** How often the export archive looks for a month that has ended. */
const ARCHIVE_INTERVAL_MS = 3600 * 1000;

const config = readConfig();
const paths = dataPaths(config.dataDir);
const { store, location, kind } = await startingOnDataDir(async () => {
  prepareDataDir(paths);
  const opened = await openStore(config.databaseUrl, paths, {
    budgets: config.readBudgets,
    readers: config.readers,
  });
  // `npm run restore` reads this to refuse while the server runs.
  writeFileSync(paths.pidFile, `${process.pid}\n`, { mode: OWNER_FILE });
  return opened;
});
// WEB_DIST serves another build of web/: parallel test runs each build their own.
const webRoot = process.env.WEB_DIST ?? join(ROOT, 'web', 'dist');
if (!existsSync(join(webRoot, 'index.html'))) {
  console.warn(
    'web/dist is missing: run `npm run build` (npm start does it for you). Serving the API only.',
  );
}

await ensureFirstAdmin();

const app = createApp({
  store,
  databaseFile: kind === 'sqlite' ? location : null,
  reference: loadReferenceData(),
  clock: systemClock,
  basemap: config.basemap,
  pmtilesPath: config.pmtilesPath,
  webRoot: existsSync(webRoot) ? webRoot : undefined,
  uploadsDir: paths.uploads,
  exportsDir: paths.exports,
  nearbyRadiusM: config.nearbyRadiusM,
  readLimits: new ReadLimits(config.readLimits),
  origin: config.origin,
});

startExportArchive();

const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
  const host = config.host === '0.0.0.0' || config.host === '127.0.0.1' ? 'localhost' : config.host;
  const address = config.origin.publicUrl ?? `http://${host}:${info.port}`;
  console.log(`urban-issue-map: ${address} (database ${location})`);
  if (
    !config.origin.publicUrl &&
    !config.origin.trustProxy &&
    !['127.0.0.1', 'localhost', '::1'].includes(config.host)
  ) {
    // Links for QGIS and Open311 clients name the address a client reached; a name only DNS knows
    // (or a proxy's) must be given, or writes from pages opened by that name are refused.
    console.log(
      'Reached by a domain name? Set PUBLIC_URL to it (e.g. https://bando.backan.gov.vn).',
    );
  }
});

/**
 * Runs the start's first writes to DATA_DIR. A folder that cannot be made or written (read-only,
 * full, not ours) ends the process with one line naming it and the permission it needs: the
 * operator's journal gets the cause, not a stack trace.
 */
async function startingOnDataDir<T>(start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (e) {
    const problem = storageProblem(e);
    if (!(e instanceof DataDirError) && !problem) throw e;
    const detail = (e as Error).message.split('\n')[0];
    console.error(
      e instanceof DataDirError ? e.message : startRefusal(paths.root, problem!, detail),
    );
    process.exit(1);
  }
}

/** DESIGN.md: with no user yet, ADMIN_USERNAME and ADMIN_PASSWORD create the first admin. */
async function ensureFirstAdmin(): Promise<void> {
  const users = new UserService({ store, clock: systemClock });
  if (!(await users.needsFirstAdmin())) return;
  if (config.admin) {
    const admin = await users.ensureFirstAdmin(config.admin.username, config.admin.password);
    if (admin) console.log(`First admin "${admin.username}" created from ADMIN_USERNAME.`);
    return;
  }
  console.warn(
    'No user exists yet: anyone can read the public map, no one can sign in. Create the first\n' +
      'admin with ADMIN_USERNAME and ADMIN_PASSWORD in the environment at start, or with\n' +
      '  npm run users -- add <username> --role admin',
  );
}

/**
 * Writes each ended month's export files once into DATA_DIR/exports: now, and every hour after
 * (a month ends while the server runs). The files are written chunk by chunk between requests;
 * the timer does not keep the process alive.
 */
function startExportArchive(): void {
  // Files half-sent when the server last stopped.
  rmSync(exportTempDir(paths.exports), { recursive: true, force: true });
  const exporter = new Exporter({
    store,
    clock: systemClock,
    tempDir: exportTempDir(paths.exports),
  });
  const archive = new ExportArchive({ exporter, store, clock: systemClock, dir: paths.exports });
  const run = () =>
    archive.run().then(
      (written) => {
        if (written.length) console.log(`Export archive: wrote ${written.join(', ')}.`);
      },
      (e: unknown) => console.error('Export archive failed; it tries again in an hour:', e),
    );
  void run();
  setInterval(run, ARCHIVE_INTERVAL_MS).unref();
}

function shutdown(): void {
  server.close(async () => {
    try {
      // The readers finish or are stopped, and the database is closed, before the pid goes.
      await store.close();
    } catch (e) {
      console.error('Closing the store failed:', e);
    }
    rmSync(paths.pidFile, { force: true });
    process.exit(0);
  });
  // Open keep-alive connections must not hold the process forever.
  setTimeout(() => process.exit(0), 3000).unref();
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
