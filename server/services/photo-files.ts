/**
 * Photo files under DATA_DIR/uploads, named by their SHA-256 (uploads/ab/abcd….jpg): a file sent
 * twice is stored once, and a backup copies each once. Written to a temporary name first and
 * renamed, so a crash never leaves half a photo under its final name. An upload is received into
 * uploads/.tmp (the same filesystem, so keeping it is a rename) and checked there.
 */
import { createHash } from 'node:crypto';
import { constants, existsSync, renameSync, rmSync, writeFileSync, type Stats } from 'node:fs';
import {
  access,
  open,
  readdir,
  realpath,
  rename,
  rm,
  stat,
  type FileHandle,
} from 'node:fs/promises';
import { join, sep } from 'node:path';
import { PHOTO_TYPES, type PhotoType } from '../domain/violations/photo.ts';
import { makeOwnerDir, makeOwnerDirSync, OWNER_FILE } from '../owner-only.ts';

/** A file received into the temporary folder, hashed and counted on the way. */
export interface ReceivedFile {
  path: string;
  bytes: number;
  sha256: string;
}

/** A temporary file this old is from a process that died mid-upload: no upload lasts a day. */
const STALE_TEMPORARY_MS = 24 * 60 * 60 * 1000;

/** A file's name on disk and its identity on a record. */
export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export class PhotoFiles {
  private swept = false;

  constructor(private readonly dir: string) {}

  /** Where a photo lives; the name carries the extension so it is served with its type. */
  path(sha256: string, extension: string): string {
    return join(this.dir, sha256.slice(0, 2), `${sha256}.${extension}`);
  }

  /** A stored photo opened for serving, or null (see openStored: regular files only). */
  open(sha256: string, extension: string): Promise<{ file: FileHandle; stats: Stats } | null> {
    return openStored(this.dir, this.path(sha256, extension));
  }

  /** Stores the bytes under their hash; a caller that hashed them already passes it. */
  put(
    bytes: Uint8Array,
    type: PhotoType,
    sha256 = sha256Of(bytes),
  ): { sha256: string; created: boolean } {
    const path = this.path(sha256, PHOTO_TYPES[type]);
    if (existsSync(path)) return { sha256, created: false };
    makeOwnerDirSync(join(this.dir, sha256.slice(0, 2)));
    const temporary = `${path}.${process.pid}.${crypto.randomUUID()}.part`;
    try {
      writeFileSync(temporary, bytes, { mode: OWNER_FILE, flag: 'wx' });
    } catch (e) {
      // A full disk leaves half a file: it goes, so nothing partial stays under uploads.
      rmSync(temporary, { force: true });
      throw e;
    }
    renameSync(temporary, path);
    return { sha256, created: true };
  }

  /**
   * The folder uploads are received into, made when missing (a restore may have moved the
   * uploads aside). Files another process left there long ago (killed mid-upload) are removed on
   * first use; recent ones may be another server's uploads in progress.
   */
  async temporaryDir(): Promise<string> {
    const dir = join(this.dir, '.tmp');
    await makeOwnerDir(dir);
    if (!this.swept) {
      this.swept = true;
      void this.removeStale(dir);
    }
    return dir;
  }

  private async removeStale(dir: string): Promise<void> {
    try {
      const cutoff = Date.now() - STALE_TEMPORARY_MS;
      for (const name of await readdir(dir)) {
        const path = join(dir, name);
        const { mtimeMs } = await stat(path).catch(() => ({ mtimeMs: Infinity }));
        if (mtimeMs < cutoff) await rm(path, { force: true });
      }
    } catch {
      // Best effort: a leftover file is only wasted space.
    }
  }

  /** The first `bytes` of a file (fewer when it is shorter): enough to tell its type or EXIF. */
  async readStart(path: string, bytes: number): Promise<Uint8Array> {
    const file = await open(path, 'r');
    try {
      const buffer = Buffer.alloc(bytes);
      const { bytesRead } = await file.read(buffer, 0, bytes, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await file.close();
    }
  }

  /**
   * Keeps a received file under its hash by renaming it; when that photo is stored already the
   * received file is left for the caller to remove.
   */
  async keep(
    received: ReceivedFile,
    type: PhotoType,
  ): Promise<{ sha256: string; created: boolean }> {
    const { sha256 } = received;
    const path = this.path(sha256, PHOTO_TYPES[type]);
    if (await exists(path)) return { sha256, created: false };
    await makeOwnerDir(join(this.dir, sha256.slice(0, 2)));
    await rename(received.path, path);
    return { sha256, created: true };
  }
}

/**
 * A stored photo opened for reading, or null when there is none: only a regular file whose real
 * path is under the uploads folder counts. A symlink (the file itself or a folder on its way)
 * is never followed, whatever its name: a restored or planted link must not serve a file from
 * elsewhere on the machine.
 */
export async function openStored(
  uploadsDir: string,
  path: string,
): Promise<{ file: FileHandle; stats: Stats } | null> {
  let file: FileHandle;
  try {
    file = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // ELOOP: the name is a symlink. ENOTDIR: a folder on the way is not one.
    if (code === 'ENOENT' || code === 'ELOOP' || code === 'ENOTDIR') return null;
    throw e;
  }
  try {
    const stats = await file.stat();
    const [real, root] = await Promise.all([realpath(path), realpath(uploadsDir)]);
    // The opened file must be the one at the real path (no folder swapped in between).
    const same = await stat(real).then((s) => s.ino === stats.ino && s.dev === stats.dev);
    if (stats.isFile() && real.startsWith(root + sep) && same) return { file, stats };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
      await file.close();
      throw e;
    }
  }
  await file.close();
  return null;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
