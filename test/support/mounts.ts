/**
 * Real read-only and full file systems for tests that run as root, where chmod proves nothing
 * (root writes through any mode bits). A tmpfs mounted read-only, a read-only bind mount of a
 * folder, a tmpfs of a few megabytes that can be filled. Mounting needs CAP_SYS_ADMIN: when it is
 * missing the helpers throw, so the test fails loudly instead of passing untested.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';

function mount(args: string[]): void {
  try {
    execFileSync('mount', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (e) {
    const stderr = (e as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(
      `mount ${args.join(' ')} failed (${stderr || (e as Error).message}): these tests need root ` +
        'with CAP_SYS_ADMIN (a privileged container in CI).',
    );
  }
}

/** A tmpfs at `dir` (which must exist): `size` like '4m', read-only when asked. */
export function mountTmpfs(dir: string, options: { size: string; readOnly?: boolean }): void {
  mount([
    '-t',
    'tmpfs',
    '-o',
    `size=${options.size}${options.readOnly ? ',ro' : ''}`,
    'tmpfs',
    dir,
  ]);
}

/** Makes `dir` read-only in place: a bind mount of itself, remounted read-only. */
export function bindReadOnly(dir: string): void {
  mount(['--bind', dir, dir]);
  mount(['-o', 'remount,ro,bind', dir]);
}

/** Unmounts `dir` if something is mounted there; never throws (for afterAll). */
export function unmount(dir: string): void {
  try {
    execFileSync('umount', [dir], { stdio: 'ignore' });
  } catch {
    // Not mounted (the test failed before mounting), or already unmounted.
  }
}

/** Fills the file system holding `dir` to the last byte with a file `name`; answers its path. */
export function fill(dir: string, name = 'filler'): string {
  const path = join(dir, name);
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    // Big writes until one does not fit, then smaller ones for what is left.
    for (const size of [chunk.length, 4096, 1]) {
      for (;;) {
        try {
          if (writeSync(fd, chunk, 0, size) < size) break;
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'ENOSPC') break;
          throw e;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
  return path;
}
