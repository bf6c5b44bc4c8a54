/**
 * SHA-256 of backup files, streamed (a backup's database can be larger than memory), and the copy
 * that sums what it copies: a file is read once, through one handle, so the sum is of exactly
 * the bytes written.
 */
import { createHash } from 'node:crypto';
import { constants, createReadStream, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import { OWNER_FILE } from '../owner-only.ts';

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** What a copied file was checked against: the file found when the folder was walked. */
export interface Expected {
  dev: number;
  ino: number;
}

/** The source is not the regular file that was walked (a symlink, or swapped in between). */
export class NotTheFileWalked extends Error {}

/**
 * Copies `source` to a new file `target` (0600; it must not exist) and answers the SHA-256 of
 * the bytes copied. The source is opened without following a symlink and must be a regular file;
 * given `expected`, it must be that very file (same device and inode).
 */
export async function copySummed(
  source: string,
  target: string,
  expected?: Expected,
): Promise<{ sha256: string; stats: Stats }> {
  let input;
  try {
    input = await open(source, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ELOOP') throw new NotTheFileWalked(source);
    throw e;
  }
  try {
    const stats = await input.stat();
    const same = !expected || (stats.dev === expected.dev && stats.ino === expected.ino);
    if (!stats.isFile() || !same) throw new NotTheFileWalked(source);
    const output = await open(target, 'wx', OWNER_FILE);
    const hash = createHash('sha256');
    try {
      await output.chmod(OWNER_FILE);
      const buffer = Buffer.allocUnsafe(1024 * 1024);
      for (;;) {
        const { bytesRead } = await input.read(buffer, 0, buffer.length, null);
        if (bytesRead === 0) break;
        const chunk = buffer.subarray(0, bytesRead);
        hash.update(chunk);
        for (let at = 0; at < chunk.length;) {
          at += (await output.write(chunk, at, chunk.length - at)).bytesWritten;
        }
      }
      await output.sync();
    } finally {
      await output.close();
    }
    return { sha256: hash.digest('hex'), stats };
  } finally {
    await input.close();
  }
}
