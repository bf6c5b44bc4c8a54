/** Where runtime state lives under DATA_DIR: one place names every path the server and CLIs use. */
import { join } from 'node:path';

export interface DataPaths {
  root: string;
  database: string;
  /** Photos and other uploads, by content hash. */
  uploads: string;
  backups: string;
  /** The archive of monthly exports (SHA256SUMS beside them); `.tmp` holds files being sent. */
  exports: string;
  /** Where a restore moves what it replaced, so nothing is lost. */
  replaced: string;
  /** Holds the running server's process id, so a restore refuses to pull the floor from under it. */
  pidFile: string;
}

export function dataPaths(dataDir: string): DataPaths {
  return {
    root: dataDir,
    database: join(dataDir, 'urban-issue-map.sqlite'),
    uploads: join(dataDir, 'uploads'),
    backups: join(dataDir, 'backups'),
    exports: join(dataDir, 'exports'),
    replaced: join(dataDir, 'replaced'),
    pidFile: join(dataDir, 'server.pid'),
  };
}
