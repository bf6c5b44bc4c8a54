/**
 * An online backup of DATA_DIR: the database through SQLite's backup API (a consistent copy while
 * the server goes on writing) and then the uploads. Uploads are copied after the database, so
 * every file the copied records name is in the backup. Everything in it is owner-only (folders
 * 0700, files 0600): it holds what the database holds.
 */
import Database from 'better-sqlite3';
import {
  chmodSync,
  closeSync,
  existsSync,
  openSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import type { DataPaths } from '../data-dir.ts';
import { makeOwnerDirSync, OWNER_DIR, OWNER_FILE } from '../owner-only.ts';
import { copySummed, sha256File } from './checksums.ts';

export const MANIFEST = 'manifest.json';
export const BACKUP_DATABASE = 'urban-issue-map.sqlite';

export interface BackupManifest {
  format: 1;
  created_at: string;
  schema_version: number;
  /** Path inside the backup → SHA-256 of its content. */
  files: Record<string, string>;
  counts: Record<string, number>;
}

/**
 * Copies the uploads' regular files into `target`, summing each as it is copied, into `files`
 * (path inside the backup → SHA-256). A symlink or anything else that is not a file or a folder
 * is left out and reported: no photo is stored as one, and a restore refuses them.
 */
async function copyUploads(
  source: string,
  target: string,
  inside: string,
  files: Record<string, string>,
  skipped: string[],
): Promise<void> {
  makeOwnerDirSync(target);
  for (const e of readdirSync(source, { withFileTypes: true })) {
    // uploads/.tmp holds photos still arriving: half a file is no evidence, and it may vanish
    // while it is copied.
    if (inside === 'uploads' && e.name === '.tmp') continue;
    const entry = `${inside}/${e.name}`;
    if (e.isDirectory()) {
      await copyUploads(join(source, e.name), join(target, e.name), entry, files, skipped);
    } else if (e.isFile()) {
      files[entry] = (await copySummed(join(source, e.name), join(target, e.name))).sha256;
    } else {
      skipped.push(entry);
    }
  }
}

/** A folder name that sorts by time and is valid on every file system. */
export function backupName(at: Date): string {
  return at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

export async function backup(
  paths: DataPaths,
  out: string,
  at = new Date(),
): Promise<BackupManifest> {
  if (!existsSync(paths.database)) throw new Error(`There is no database at ${paths.database}`);
  if (existsSync(out) && readdirSync(out).length) throw new Error(`${out} exists and is not empty`);
  makeOwnerDirSync(out);
  chmodSync(out, OWNER_DIR);
  if (out.startsWith(`${paths.backups}/`)) chmodSync(paths.backups, OWNER_DIR);
  try {
    return await writeBackup(paths, out, at);
  } catch (e) {
    // Half a backup (a full disk) is no backup: it goes, so it is never taken for one.
    rmSync(out, { recursive: true, force: true });
    throw e;
  }
}

/** The backup's content, into the empty folder `out`; the manifest is written last. */
async function writeBackup(paths: DataPaths, out: string, at: Date): Promise<BackupManifest> {
  const target = join(out, BACKUP_DATABASE);
  // Made 0600 before SQLite writes it (SQLite would make it 0644); its journal takes that mode.
  closeSync(openSync(target, 'wx', OWNER_FILE));
  chmodSync(target, OWNER_FILE);

  const source = new Database(paths.database, { readonly: true, fileMustExist: true });
  source.pragma('busy_timeout = 5000');
  try {
    await source.backup(target, {
      // After the first chunk, copy the rest in one step: a write from the server between steps
      // restarts SQLite's backup, and one step always ends in a consistent copy.
      progress: ({ totalPages }) => Math.max(100, totalPages),
    });
  } finally {
    source.close();
  }

  const copy = new Database(target);
  let schemaVersion: number;
  const counts: Record<string, number> = {};
  try {
    // One self-contained file: no -wal beside it to forget when moving the backup.
    copy.pragma('journal_mode = DELETE');
    const check = copy.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new Error(`The copied database fails its integrity check: ${check}`);
    schemaVersion = copy
      .prepare('SELECT max(version) FROM schema_migrations')
      .pluck()
      .get() as number;
    for (const table of ['violations', 'users', 'versions']) {
      counts[table] = copy.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    }
  } finally {
    copy.close();
  }

  const copied: Record<string, string> = {};
  const skipped: string[] = [];
  if (existsSync(paths.uploads)) {
    await copyUploads(paths.uploads, join(out, 'uploads'), 'uploads', copied, skipped);
  }
  for (const entry of skipped) {
    console.warn(`Left out of the backup: ${entry} is not a regular file (a symlink?).`);
  }

  const sums = { ...copied, [BACKUP_DATABASE]: await sha256File(target) };
  const manifest: BackupManifest = {
    format: 1,
    created_at: at.toISOString(),
    schema_version: schemaVersion,
    files: Object.fromEntries(Object.entries(sums).sort(([a], [b]) => (a < b ? -1 : 1))),
    counts,
  };
  const manifestPath = join(out, MANIFEST);
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`, {
    mode: OWNER_FILE,
    flag: 'wx',
  });
  chmodSync(manifestPath, OWNER_FILE);
  return manifest;
}
