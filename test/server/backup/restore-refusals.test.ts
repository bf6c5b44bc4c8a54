/**
 * What `restore` refuses in a backup folder: anything the manifest does not list, a symlink or a
 * hard link, a name that leaves the folder, a wrong sum. Each refusal names the entry and leaves
 * DATA_DIR exactly as it was: nothing copied, nothing moved aside.
 */
import { createHash } from 'node:crypto';
import {
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { backup, type BackupManifest } from '../../../server/backup/backup.ts';
import { restore } from '../../../server/backup/restore.ts';
import { dataPaths, type DataPaths } from '../../../server/data-dir.ts';
import { openDatabase } from '../../../server/store/sqlite/database.ts';
import { migrate } from '../../../server/store/sqlite/migrate.ts';

/** A file outside every DATA_DIR that a viewer must never be served. */
const SECRET = '/etc/passwd';
const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');
const PHOTO = 'a photo of a pavement taken over by a shop';
const PHOTO_SHA = sha256(PHOTO);

let root: string;
let source: DataPaths;
/** A good backup, made once; each test works on a copy of it. */
let pristine: string;
let from: string;
/** The DATA_DIR being restored into, with a database and a photo of its own. */
let target: DataPaths;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'uim-restore-refusals-'));
  source = dataPaths(join(root, 'source'));
  mkdirSync(source.root, { recursive: true });
  const db = openDatabase(source.database);
  migrate(db);
  db.close();
  mkdirSync(join(source.uploads, PHOTO_SHA.slice(0, 2)), { recursive: true });
  writeFileSync(join(source.uploads, PHOTO_SHA.slice(0, 2), `${PHOTO_SHA}.jpg`), PHOTO);
  pristine = join(root, 'pristine');
  await backup(source, pristine);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
beforeEach(() => {
  n++;
  from = join(root, `backup-${n}`);
  copyTree(pristine, from);
  target = dataPaths(join(root, `target-${n}`));
  mkdirSync(join(target.uploads, 'cc'), { recursive: true });
  writeFileSync(target.database, 'the current database');
  writeFileSync(join(target.uploads, 'cc', 'current.jpg'), 'the current photo');
});

function copyTree(src: string, dest: string): void {
  mkdirSync(dest, { recursive: true });
  for (const e of readdirSync(src, { withFileTypes: true })) {
    if (e.isDirectory()) copyTree(join(src, e.name), join(dest, e.name));
    else writeFileSync(join(dest, e.name), readFileSync(join(src, e.name)));
  }
}

/** Every path under a folder (files, folders, links), relative to it. */
function everything(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

const manifestPath = () => join(from, 'manifest.json');
const readManifest = () => JSON.parse(readFileSync(manifestPath(), 'utf8')) as BackupManifest;
function editManifest(edit: (files: Record<string, string>) => void): void {
  const manifest = readManifest();
  edit(manifest.files);
  writeFileSync(manifestPath(), JSON.stringify(manifest));
}

/** Restores and expects a refusal that names `entry`, with DATA_DIR left as it was. */
async function expectRefused(entry: string, why: RegExp): Promise<void> {
  const before = everything(target.root);
  const error = await restore(target, from).then(
    () => null,
    (e: unknown) => e as Error,
  );
  expect(error, 'the restore should have been refused').toBeInstanceOf(Error);
  expect(error!.message).toContain(entry);
  expect(error!.message).toMatch(why);
  expect(everything(target.root)).toEqual(before);
  expect(readFileSync(target.database, 'utf8')).toBe('the current database');
  expect(readFileSync(join(target.uploads, 'cc', 'current.jpg'), 'utf8')).toBe('the current photo');
}

describe('restore refuses a backup it cannot trust, and changes nothing', () => {
  test('a symlink to a system file, not in the manifest, under a valid photo name', async () => {
    const entry = `uploads/aa/${sha256('x')}.jpg`;
    mkdirSync(join(from, 'uploads', 'aa'));
    symlinkSync(SECRET, join(from, entry));
    await expectRefused(entry, /symbolic link/);
  });

  test('a symlink listed in the manifest with the sum of what it points to', async () => {
    const entry = `uploads/aa/${sha256('x')}.jpg`;
    mkdirSync(join(from, 'uploads', 'aa'));
    symlinkSync(SECRET, join(from, entry));
    editManifest((files) => (files[entry] = sha256(readFileSync(SECRET))));
    await expectRefused(entry, /symbolic link/);
  });

  test('a folder that is a symlink out of the backup', async () => {
    const outside = join(root, `outside-${n}`);
    mkdirSync(outside);
    writeFileSync(join(outside, `${sha256('y')}.jpg`), 'outside');
    symlinkSync(outside, join(from, 'uploads', 'bb'));
    await expectRefused('uploads/bb', /symbolic link/);
  });

  test('a hard link to a file outside the backup, listed with its sum', async () => {
    const outside = join(root, `hard-${n}.txt`);
    writeFileSync(outside, 'a file of someone else');
    const entry = `uploads/aa/${sha256('z')}.jpg`;
    mkdirSync(join(from, 'uploads', 'aa'));
    linkSync(outside, join(from, entry));
    editManifest((files) => (files[entry] = sha256('a file of someone else')));
    await expectRefused(entry, /hard link/);
  });

  test('a regular file the manifest does not list', async () => {
    const entry = `uploads/aa/${sha256('w')}.jpg`;
    mkdirSync(join(from, 'uploads', 'aa'));
    writeFileSync(join(from, entry), 'slipped in');
    await expectRefused(entry, /not in .*manifest/);
  });

  test('a manifest entry that climbs out of the folder with ..', async () => {
    const outside = join(root, `climb-${n}.txt`);
    writeFileSync(outside, 'beside the backup');
    const entry = `uploads/../../${relative(root, outside)}`;
    editManifest((files) => (files[entry] = sha256('beside the backup')));
    await expectRefused(entry, /outside the backup folder/);
  });

  test('a manifest entry with an absolute path', async () => {
    editManifest((files) => (files[SECRET] = sha256(readFileSync(SECRET))));
    await expectRefused(SECRET, /outside the backup folder/);
  });

  test('a file whose content does not match its sum', async () => {
    const entry = `uploads/${PHOTO_SHA.slice(0, 2)}/${PHOTO_SHA}.jpg`;
    writeFileSync(join(from, entry), 'changed after the backup');
    await expectRefused(entry, /does not match its checksum/);
  });
});

describe('restore of a sound backup', () => {
  test('puts exactly the listed files in place, owner-only, and keeps what it replaced', async () => {
    const { movedAside } = await restore(target, from);
    expect(everything(target.uploads)).toEqual([
      PHOTO_SHA.slice(0, 2),
      `${PHOTO_SHA.slice(0, 2)}/${PHOTO_SHA}.jpg`,
    ]);
    expect(
      readFileSync(join(target.uploads, PHOTO_SHA.slice(0, 2), `${PHOTO_SHA}.jpg`), 'utf8'),
    ).toBe(PHOTO);
    expect(readFileSync(join(movedAside!, 'urban-issue-map.sqlite'), 'utf8')).toBe(
      'the current database',
    );
    const mode = (path: string) => statSync(path).mode & 0o777;
    expect(mode(target.database)).toBe(0o600);
    expect(mode(target.uploads)).toBe(0o700);
    expect(mode(join(target.uploads, PHOTO_SHA.slice(0, 2)))).toBe(0o700);
    expect(mode(join(target.uploads, PHOTO_SHA.slice(0, 2), `${PHOTO_SHA}.jpg`))).toBe(0o600);
    // No staging folder is left behind.
    expect(readdirSync(target.root).sort()).toEqual([
      'replaced',
      'uploads',
      'urban-issue-map.sqlite',
    ]);
  });
});
