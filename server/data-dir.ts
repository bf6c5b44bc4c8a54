/** Where runtime state lives under DATA_DIR: one place names every path the server and CLIs use. */
import {
  accessSync,
  chmodSync,
  constants,
  existsSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { makeOwnerDirSync, OWNER_DIR, OWNER_FILE } from './owner-only.ts';
import { startRefusal, storageProblem } from './storage-fault.ts';

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

/** Why the server cannot start on its DATA_DIR, as the one line the operator reads. */
export class DataDirError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DataDirError';
  }
}

/** The nearest folder at or above `dir` that exists: where a missing DATA_DIR would be made. */
function existingAncestor(dir: string): string {
  let d = dir;
  while (!existsSync(d) && dirname(d) !== d) d = dirname(d);
  return d;
}

/** Refuses (DataDirError) when `dir` cannot take a file: read-only, full, or not ours. */
function probeWrite(root: string, dir: string): void {
  const probe = join(dir, `.write-test-${process.pid}`);
  try {
    // A byte of content, not only a name: a full disk still has room for an empty file's name.
    writeFileSync(probe, 'x', { mode: OWNER_FILE });
  } catch (e) {
    throw refusal(root, e, dir === root ? undefined : dir);
  } finally {
    rmSync(probe, { force: true });
  }
}

function refusal(root: string, error: unknown, where?: string): DataDirError {
  const problem = storageProblem(error) ?? 'no-permission';
  const code = (error as NodeJS.ErrnoException).code ?? String(error);
  return new DataDirError(startRefusal(root, problem, where ? `${where}: ${code}` : code), {
    cause: error,
  });
}

/**
 * Makes DATA_DIR ready before anything is opened: created 0700 when missing, proven writable
 * (root and uploads), and the folders of an older install tightened to 0700. Tightening the
 * folders is enough to keep others out of the files in them, and costs one call each however
 * many photos there are; the database file is tightened when it is opened.
 */
export function prepareDataDir(paths: DataPaths): void {
  const { root } = paths;
  if (!existsSync(root)) {
    try {
      makeOwnerDirSync(root);
    } catch (e) {
      // Node's recursive mkdir can answer ENOENT on a read-only parent: ask the parent itself.
      const parent = existingAncestor(root);
      let cause = e;
      try {
        accessSync(parent, constants.W_OK);
      } catch (denied) {
        cause = denied;
      }
      throw refusal(root, cause, `cannot create it under ${parent}`);
    }
  }
  probeWrite(root, root);
  try {
    makeOwnerDirSync(paths.uploads);
  } catch (e) {
    throw refusal(root, e, paths.uploads);
  }
  probeWrite(root, paths.uploads);
  for (const dir of [paths.uploads, paths.backups, paths.replaced]) {
    try {
      if (existsSync(dir) && (statSync(dir).mode & 0o777) !== OWNER_DIR) chmodSync(dir, OWNER_DIR);
    } catch (e) {
      // A folder another account owns (a mount point, say) still works: say so, and go on.
      console.warn(`Could not make ${dir} owner-only (0700): ${(e as Error).message}`);
    }
  }
}
