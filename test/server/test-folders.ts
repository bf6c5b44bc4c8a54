/**
 * Where test apps keep photos and export archives: one folder each per test process, shared by
 * its apps (photos are named by their content, archives get a folder each, so nothing clashes).
 * Each test file finds them made and empty (test/server/setup.ts, run before every file of every
 * project, even where files share a process and its modules); they go when the file is done.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(tmpdir(), `uim-test-${process.pid}-${crypto.randomUUID().slice(0, 8)}`);
export const TEST_UPLOADS = join(root, 'uploads');
export const TEST_EXPORTS = join(root, 'exports');

export function createTestFolders(): void {
  mkdirSync(TEST_UPLOADS, { recursive: true });
  mkdirSync(TEST_EXPORTS, { recursive: true });
}

export function removeTestFolders(): void {
  rmSync(root, { recursive: true, force: true });
}

// Where a process ends with a file cut short, its folders go with it.
process.on('exit', removeTestFolders);
