/**
 * npm run backup [-- --out <folder>]: an online backup of the live database and the uploads, by
 * default into DATA_DIR/backups/<time>. It runs in its own process, so the server goes on serving.
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { backup, backupName } from '../backup/backup.ts';
import { readConfig } from '../config.ts';
import { dataPaths } from '../data-dir.ts';
import { cannotWriteLine, storageProblem } from '../storage-fault.ts';

const { values } = parseArgs({ options: { out: { type: 'string' } } });
const config = readConfig();
if (config.databaseUrl) {
  // The records are not in DATA_DIR: PostgreSQL's own tools copy them consistently.
  console.error(
    'DATABASE_URL is set: the records are in PostgreSQL. Back up them with pg_dump/pg_restore (README, "PostgreSQL"); copy DATA_DIR/uploads beside them.',
  );
  process.exit(1);
}
const paths = dataPaths(config.dataDir);
const now = new Date();
const out = values.out ? resolve(values.out) : join(paths.backups, backupName(now));
try {
  const manifest = await backup(paths, out, now);
  const counts = Object.entries(manifest.counts)
    .map(([table, n]) => `${n} ${table}`)
    .join(', ');
  console.log(`Backup written to ${out} (${counts}, ${Object.keys(manifest.files).length} files).`);
  console.log(`Restore it with: npm run restore -- ${out}`);
} catch (e) {
  const problem = storageProblem(e);
  console.error(
    problem === 'read-only' || problem === 'full'
      ? cannotWriteLine(out, problem, (e as Error).message, {
          vi: 'Chưa sao lưu được.',
          en: 'No backup was made.',
        })
      : `Backup failed: ${(e as Error).message}`,
  );
  process.exit(1);
}
