/**
 * Photo files under DATA_DIR/uploads, named by their SHA-256 (uploads/ab/abcd….jpg): a file sent
 * twice is stored once, and a backup copies each once. Written to a temporary name first and
 * renamed, so a crash never leaves half a photo under its final name.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PHOTO_TYPES, type PhotoType } from '../domain/photo.ts';

/** A file's name on disk and its identity on a record. */
export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export class PhotoFiles {
  constructor(private readonly dir: string) {}

  /** Where a photo lives; the name carries the extension so it is served with its type. */
  path(sha256: string, extension: string): string {
    return join(this.dir, sha256.slice(0, 2), `${sha256}.${extension}`);
  }

  /** Stores the bytes under their hash; a caller that hashed them already passes it. */
  put(
    bytes: Uint8Array,
    type: PhotoType,
    sha256 = sha256Of(bytes),
  ): { sha256: string; created: boolean } {
    const path = this.path(sha256, PHOTO_TYPES[type]);
    if (existsSync(path)) return { sha256, created: false };
    mkdirSync(join(this.dir, sha256.slice(0, 2)), { recursive: true });
    const temporary = `${path}.${process.pid}.${crypto.randomUUID()}.part`;
    writeFileSync(temporary, bytes);
    renameSync(temporary, path);
    return { sha256, created: true };
  }
}
