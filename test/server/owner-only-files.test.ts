/**
 * What the server writes under DATA_DIR is for its own user only: the database with its -wal and
 * -shm, photos (folders 0700, files 0600) and backups. The umask is set to 0 for the whole file:
 * the modes must come from the code, not from the shell the server was started from.
 */
import { createHash } from 'node:crypto';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { backup } from '../../server/backup/backup.ts';
import { dataPaths, type DataPaths } from '../../server/data-dir.ts';
import { openDatabase } from '../../server/store/sqlite/database.ts';
import { createSqliteStore } from '../../server/store/sqlite/sqlite-store.ts';
import { migrate } from '../../server/store/sqlite/migrate.ts';
import { report, TEST_UPLOADS, testApp } from './helpers.ts';

const JPEG = readFileSync(new URL('../fixtures/photos/street.jpg', import.meta.url));
const mode = (path: string) => statSync(path).mode & 0o777;

let root: string;
let paths: DataPaths;
let umask: number;
beforeAll(() => {
  umask = process.umask(0);
  root = mkdtempSync(join(tmpdir(), 'uim-owner-only-'));
  paths = dataPaths(join(root, 'data'));
  mkdirSync(paths.root);
});
afterAll(() => {
  process.umask(umask);
  rmSync(root, { recursive: true, force: true });
});

describe('files and folders are created owner-only, whatever the umask', () => {
  test('the database, its -wal and its -shm: 0600', async () => {
    const store = createSqliteStore(paths.database, { readers: 1 });
    try {
      // Migrating wrote through the log: the -wal and -shm exist now.
      expect(mode(paths.database)).toBe(0o600);
      expect(mode(`${paths.database}-wal`)).toBe(0o600);
      expect(mode(`${paths.database}-shm`)).toBe(0o600);
    } finally {
      await store.close();
    }
  });

  test('an existing database left readable by others is tightened when opened', () => {
    const path = join(root, 'old.sqlite');
    const first = openDatabase(path);
    first.close();
    chmodSync(path, 0o644);
    const db = openDatabase(path);
    try {
      expect(mode(path)).toBe(0o600);
      expect(mode(`${path}-wal`)).toBe(0o600);
    } finally {
      db.close();
    }
  });

  test('a photo: its folder 0700, its file 0600', async () => {
    const { app } = await testApp();
    const { id } = await report(app);
    const bytes = Buffer.concat([JPEG, Buffer.from(crypto.randomUUID())]);
    const hash = createHash('sha256').update(bytes).digest('hex');
    const form = new FormData();
    form.set('file', new File([new Uint8Array(bytes)], 'p.jpg', { type: 'image/jpeg' }));
    const res = await app.request(`/api/violations/${id}/photos`, { method: 'POST', body: form });
    expect(res.status).toBe(201);
    expect(mode(join(TEST_UPLOADS, hash.slice(0, 2)))).toBe(0o700);
    expect(mode(join(TEST_UPLOADS, hash.slice(0, 2), `${hash}.jpg`))).toBe(0o600);
    expect(mode(join(TEST_UPLOADS, '.tmp'))).toBe(0o700);
  });

  test('a backup: every folder 0700, every file 0600 (database, photos, manifest)', async () => {
    const db = openDatabase(paths.database);
    migrate(db);
    db.close();
    mkdirSync(join(paths.uploads, 'ab'), { recursive: true, mode: 0o755 });
    writeFileSync(join(paths.uploads, 'ab', 'abcdef.jpg'), 'a photo', { mode: 0o644 });
    const out = join(paths.backups, 'first');
    await backup(paths, out);
    const entries = readdirSync(paths.backups, { recursive: true, withFileTypes: true });
    const modes = Object.fromEntries(
      entries.map((e) => [
        relative(paths.backups, join(e.parentPath, e.name)),
        mode(join(e.parentPath, e.name)),
      ]),
    );
    expect(modes).toEqual({
      first: 0o700,
      'first/manifest.json': 0o600,
      'first/urban-issue-map.sqlite': 0o600,
      'first/uploads': 0o700,
      'first/uploads/ab': 0o700,
      'first/uploads/ab/abcdef.jpg': 0o600,
    });
    expect(mode(paths.backups)).toBe(0o700);
  });
});
