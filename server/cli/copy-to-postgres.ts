/**
 * npm run copy-to-postgres -- [postgres://user@host/db]: copies DATA_DIR's SQLite database into
 * an empty PostgreSQL + PostGIS database (default: DATABASE_URL), then compares every table's
 * rows. Afterwards, start the app with DATABASE_URL set to that database.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { readConfig } from '../config.ts';
import { dataPaths } from '../data-dir.ts';
import { COPIED_TABLES, copyToPostgres } from '../store/copy-to-postgres.ts';
import { safeUrl } from '../store/open-store.ts';
import { PgClient } from '../store/postgres/pg-client.ts';
import { openDatabase } from '../store/sqlite/database.ts';
import { migrate } from '../store/sqlite/migrate.ts';

const USAGE = `Usage: npm run copy-to-postgres -- [postgres://user:password@host:5432/database]
Copies DATA_DIR's SQLite database into an empty PostgreSQL database with PostGIS (default:
DATABASE_URL). Stop the app first, or its later changes stay behind in SQLite.`;

function fail(message: string, code = 1): never {
  console.error(message);
  process.exit(code);
}

let positionals: string[];
try {
  ({ positionals } = parseArgs({ allowPositionals: true }));
} catch (e) {
  fail(`${(e as Error).message}\n${USAGE}`, 2);
}
if (positionals.length > 1) fail(USAGE, 2);
// A URL given here is checked as DATABASE_URL is.
const config = readConfig({
  ...process.env,
  DATABASE_URL: positionals[0] ?? process.env.DATABASE_URL,
});
if (!config.databaseUrl) fail(`Name the PostgreSQL database.\n${USAGE}`, 2);
const paths = dataPaths(config.dataDir);
if (!existsSync(paths.database)) fail(`There is no SQLite database at ${paths.database}.`);

const db = openDatabase(paths.database);
migrate(db);
const pg = new PgClient(config.databaseUrl);
try {
  // The client connects on its first statement: an unreachable database is told here.
  await pg.one('SELECT 1');
} catch (e) {
  await pg.close().catch(() => {});
  db.close();
  fail(`Cannot reach ${safeUrl(config.databaseUrl)}: ${(e as Error).message}`);
}
try {
  console.log(`Copying ${paths.database} into ${safeUrl(config.databaseUrl)}…`);
  const report = await copyToPostgres(db, pg);
  let same = true;
  for (const table of COPIED_TABLES) {
    const { sqlite, postgres } = report.counts[table];
    same &&= sqlite === postgres;
    console.log(`  ${table.padEnd(20)} ${String(sqlite).padStart(9)} → ${postgres}`);
  }
  if (!same) fail('The row counts differ: the copy is incomplete. Do not switch to it.');
  console.log(`Done in ${report.seconds.toFixed(1)} s. Start the app with:`);
  console.log(`  DATABASE_URL='${safeUrl(config.databaseUrl)}' npm start`);
} catch (e) {
  fail(`Copy failed; PostgreSQL kept none of it: ${(e as Error).message}`);
} finally {
  await pg.close();
  db.close();
}
