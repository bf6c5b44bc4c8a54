/**
 * npm run restore -- <backup folder>: checks the backup (only the files its manifest lists, no
 * links, every sum), moves the current database and uploads aside (DATA_DIR/replaced/<time>),
 * and puts the backup in their place. Stop the server first.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { restore } from '../backup/restore.ts';
import { readConfig } from '../config.ts';
import { dataPaths } from '../data-dir.ts';
import { cannotWriteLine, storageProblem } from '../storage-fault.ts';

const { positionals } = parseArgs({ allowPositionals: true });
if (positionals.length !== 1) {
  console.error('Usage: npm run restore -- <backup folder>   (made by npm run backup)');
  process.exit(1);
}
const config = readConfig();
if (config.databaseUrl) {
  // The records are not in DATA_DIR: PostgreSQL's own tools copy them consistently.
  console.error(
    'DATABASE_URL is set: the records are in PostgreSQL. Restore them with pg_dump/pg_restore (README, "PostgreSQL"); copy DATA_DIR/uploads beside them.',
  );
  process.exit(1);
}
const paths = dataPaths(config.dataDir);
try {
  const { manifest, movedAside } = await restore(paths, resolve(positionals[0]!));
  console.log(`Restored the backup of ${manifest.created_at} into ${paths.root}.`);
  if (movedAside) console.log(`What it replaced is kept in ${movedAside}.`);
} catch (e) {
  const problem = storageProblem(e);
  // Read-only and full are about where it writes; a refusal of the backup names its entry.
  console.error(
    problem === 'read-only' || problem === 'full'
      ? cannotWriteLine(paths.root, problem, (e as Error).message, {
          vi: 'Chưa khôi phục gì; dữ liệu hiện có giữ nguyên.',
          en: 'Nothing was restored; the data there is as it was.',
        })
      : `Restore failed: ${(e as Error).message}`,
  );
  process.exit(1);
}
