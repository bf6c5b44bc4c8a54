/**
 * An online backup of DATA_DIR: the database through SQLite's backup API (a consistent copy while
 * the server goes on writing) and then the uploads. Uploads are copied after the database, so
 * every file the copied records name is in the backup.
 */
import Database from 'better-sqlite3';
import { cpSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { DataPaths } from '../data-dir.ts';
import { sha256File } from './checksums.ts';

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

function listFiles(dir: string, root = dir): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(join(dir, e.name), root) : [relative(root, join(dir, e.name))],
  );
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
  mkdirSync(out, { recursive: true });
  const target = join(out, BACKUP_DATABASE);

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

  if (existsSync(paths.uploads)) {
    // uploads/.tmp holds photos still arriving: half a file is no evidence, and it may vanish
    // while it is copied.
    const arriving = join(paths.uploads, '.tmp');
    cpSync(paths.uploads, join(out, 'uploads'), {
      recursive: true,
      filter: (source) => source !== arriving && !source.startsWith(`${arriving}/`),
    });
  }

  const files: Record<string, string> = {};
  for (const file of listFiles(out).sort()) files[file] = await sha256File(join(out, file));
  const manifest: BackupManifest = {
    format: 1,
    created_at: at.toISOString(),
    schema_version: schemaVersion,
    files,
    counts,
  };
  writeFileSync(join(out, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
