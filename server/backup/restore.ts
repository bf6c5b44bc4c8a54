/**
 * Restores a backup into DATA_DIR. Only what the manifest lists is restored, each file copied
 * from the handle it was checked through into a staging folder inside DATA_DIR and summed on the
 * way; the staged database must pass its integrity check. Only then is what it replaces moved
 * aside under DATA_DIR/replaced (never deleted) and the staged files renamed into place. Any
 * refusal or failure before that leaves DATA_DIR as it was. It refuses while a server runs here.
 */
import Database from 'better-sqlite3';
import { existsSync, lstatSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { DataPaths } from '../data-dir.ts';
import { makeOwnerDirSync } from '../owner-only.ts';
import { backupName, BACKUP_DATABASE, MANIFEST, type BackupManifest } from './backup.ts';
import { checkEntryName, refuse, walkBackup } from './backup-folder.ts';
import { copySummed, NotTheFileWalked } from './checksums.ts';

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

/** The files a backup may hold: its database and what was under uploads/. */
const restorable = (entry: string) => entry === BACKUP_DATABASE || entry.startsWith('uploads/');

/** Reads and checks the manifest, then the folder against it (names, links, extra files). */
function readBackup(dir: string): {
  manifest: BackupManifest;
  found: ReturnType<typeof walkBackup>;
} {
  const manifestPath = join(dir, MANIFEST);
  if (!existsSync(manifestPath)) throw new Error(`${dir} has no ${MANIFEST}: not a backup folder`);
  if (!lstatSync(manifestPath).isFile()) throw refuse.symlink(MANIFEST);
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as BackupManifest;
  } catch {
    throw new Error(`${manifestPath} is not valid JSON: not a backup manifest`);
  }
  const files = manifest?.files;
  if (manifest?.format !== 1 || typeof files !== 'object' || !files?.[BACKUP_DATABASE]) {
    throw new Error(`${manifestPath} is not a backup manifest this version reads`);
  }
  for (const [entry, sum] of Object.entries(files)) {
    checkEntryName(entry, restorable);
    if (typeof sum !== 'string' || !/^[0-9a-f]{64}$/.test(sum)) throw refuse.checksum(entry);
  }
  const found = walkBackup(dir);
  for (const entry of found.keys()) {
    if (entry !== MANIFEST && !Object.hasOwn(files, entry)) throw refuse.unlisted(entry, MANIFEST);
  }
  for (const entry of Object.keys(files)) if (!found.has(entry)) throw refuse.missing(entry);
  return { manifest, found };
}

/** Copies every listed file into `staging`, checking each sum, then the database's integrity. */
async function stage(from: string, staging: string): Promise<BackupManifest> {
  const { manifest, found } = readBackup(from);
  for (const [entry, sum] of Object.entries(manifest.files)) {
    const target = join(staging, entry);
    makeOwnerDirSync(dirname(target));
    try {
      const copied = await copySummed(join(from, entry), target, found.get(entry));
      if (copied.sha256 !== sum) throw refuse.checksum(entry);
    } catch (e) {
      // Replaced by a link or another file after the folder was walked.
      if (e instanceof NotTheFileWalked) throw refuse.symlink(entry);
      throw e;
    }
  }
  const db = new Database(join(staging, BACKUP_DATABASE), { readonly: true, fileMustExist: true });
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
  makeOwnerDirSync(paths.root);
  // Inside DATA_DIR, so putting the staged files in place is a rename on one file system.
  const staging = join(paths.root, `.restoring-${backupName(at)}`);
  const moves: [string, string][] = [];
  const move = (source: string, target: string) => {
    renameSync(source, target);
    moves.push([source, target]);
  };
  try {
    makeOwnerDirSync(staging);
    const manifest = await stage(from, staging);

    const current = [
      paths.database,
      `${paths.database}-wal`,
      `${paths.database}-shm`,
      paths.uploads,
    ];
    let movedAside: string | null = null;
    if (current.some((p) => existsSync(p))) {
      movedAside = join(paths.replaced, backupName(at));
      makeOwnerDirSync(movedAside);
      for (const path of current) {
        if (existsSync(path)) move(path, join(movedAside, path.slice(paths.root.length + 1)));
      }
    }
    move(join(staging, BACKUP_DATABASE), paths.database);
    if (existsSync(join(staging, 'uploads'))) move(join(staging, 'uploads'), paths.uploads);
    rmSync(staging, { recursive: true, force: true });
    return { manifest, movedAside };
  } catch (e) {
    // Back as it was: what was put in place goes back, what was moved aside returns.
    for (const [source, target] of moves.reverse()) {
      try {
        renameSync(target, source);
      } catch (undo) {
        console.error(`Could not move ${target} back to ${source}: ${(undo as Error).message}`);
      }
    }
    rmSync(staging, { recursive: true, force: true });
    throw e;
  }
}
