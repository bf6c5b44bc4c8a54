/**
 * Restores a backup into DATA_DIR. The backup is checked first (every file's SHA-256, the
 * database's integrity); what it replaces is moved aside under DATA_DIR/replaced, never deleted.
 * It refuses while a server is running on this DATA_DIR.
 */
import Database from 'better-sqlite3';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { DataPaths } from '../data-dir.ts';
import { backupName, BACKUP_DATABASE, MANIFEST, type BackupManifest } from './backup.ts';
import { sha256File } from './checksums.ts';

function serverRunning(pidFile: string): number | null {
  if (!existsSync(pidFile)) return null;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    // No such process: the server was killed without cleaning up.
    return null;
  }
}

export async function verifyBackup(dir: string): Promise<BackupManifest> {
  const manifestPath = join(dir, MANIFEST);
  if (!existsSync(manifestPath)) throw new Error(`${dir} has no ${MANIFEST}: not a backup folder`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as BackupManifest;
  if (manifest.format !== 1 || !manifest.files?.[BACKUP_DATABASE]) {
    throw new Error(`${manifestPath} is not a backup manifest this version reads`);
  }
  for (const [file, sum] of Object.entries(manifest.files)) {
    const path = join(dir, file);
    if (!existsSync(path)) throw new Error(`The backup lacks ${file}`);
    if ((await sha256File(path)) !== sum) throw new Error(`${file} does not match its checksum`);
  }
  const db = new Database(join(dir, BACKUP_DATABASE), { readonly: true, fileMustExist: true });
  try {
    const check = db.pragma('integrity_check', { simple: true });
    if (check !== 'ok')
      throw new Error(`The backup's database fails its integrity check: ${check}`);
  } finally {
    db.close();
  }
  return manifest;
}

export interface RestoreResult {
  manifest: BackupManifest;
  /** Where the replaced database and uploads went, or null when DATA_DIR was empty. */
  movedAside: string | null;
}

export async function restore(
  paths: DataPaths,
  from: string,
  at = new Date(),
): Promise<RestoreResult> {
  const pid = serverRunning(paths.pidFile);
  if (pid !== null) {
    throw new Error(`The server (process ${pid}) is running on ${paths.root}: stop it first.`);
  }
  const manifest = await verifyBackup(from);

  mkdirSync(paths.root, { recursive: true });
  const current = [paths.database, `${paths.database}-wal`, `${paths.database}-shm`, paths.uploads];
  let movedAside: string | null = null;
  if (current.some((p) => existsSync(p))) {
    movedAside = join(paths.replaced, backupName(at));
    mkdirSync(movedAside, { recursive: true });
    for (const path of current) {
      if (existsSync(path)) renameSync(path, join(movedAside, path.slice(paths.root.length + 1)));
    }
  }
  cpSync(join(from, BACKUP_DATABASE), paths.database);
  if (existsSync(join(from, 'uploads'))) {
    cpSync(join(from, 'uploads'), paths.uploads, { recursive: true });
  }
  return { manifest, movedAside };
}
