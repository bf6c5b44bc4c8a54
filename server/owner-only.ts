/**
 * Files and folders under DATA_DIR are the server's alone: records name violators and photos are
 * evidence, so no other account on the machine reads them. The modes are set explicitly (chmod
 * after creating) because the umask the server was started with may be 0 or 002.
 */
import { chmodSync, mkdirSync } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

export const OWNER_DIR = 0o700;
export const OWNER_FILE = 0o600;

/** The folders from `first` (the first one created) down to `dir`. */
function created(first: string | undefined, dir: string): string[] {
  if (first === undefined) return [];
  const chain: string[] = [];
  for (let d = dir; d.length >= first.length; d = dirname(d)) {
    chain.push(d);
    if (d === first || d === dirname(d)) break;
  }
  return chain;
}

/** Makes `dir` and any missing parents, each 0700; an existing folder is left as it is. */
export function makeOwnerDirSync(dir: string): void {
  const first = mkdirSync(dir, { recursive: true, mode: OWNER_DIR });
  for (const d of created(first, dir)) chmodSync(d, OWNER_DIR);
}

/** makeOwnerDirSync for the request path, without blocking the server's thread. */
export async function makeOwnerDir(dir: string): Promise<void> {
  const first = await mkdir(dir, { recursive: true, mode: OWNER_DIR });
  for (const d of created(first, dir)) await chmod(d, OWNER_DIR);
}
