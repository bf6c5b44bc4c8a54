/**
 * A worker's TypeScript bundled into one file that starts without tsx (server/worker-bundle.ts),
 * and the tsx entry kept wherever a bundle would not do.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, test } from 'vitest';
import { workerBundle } from '../../server/worker-bundle.ts';

const dir = mkdtempSync(join(tmpdir(), 'uim-worker-bundle-'));
/** Bundles of this test's own sources, taken out of the cache again. */
const made: URL[] = [];
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  for (const file of made) rmSync(file, { force: true });
});

function source(name: string, text: string): URL {
  const file = join(dir, name);
  writeFileSync(file, text);
  return pathToFileURL(file);
}
const FALLBACK = new URL('file:///the-tsx-entry.mjs');

describe('a worker bundled once', () => {
  test('starts as plain JavaScript, its packages imported as they are from the sources', async () => {
    const entry = workerBundle(
      source(
        'echo-worker.ts',
        `import { parentPort } from 'node:worker_threads';
         import { z } from 'zod';
         const answer: number = z.number().parse(41) + 1;
         parentPort!.postMessage(answer);`,
      ),
      FALLBACK,
    );
    made.push(entry);
    expect(entry.href).not.toBe(FALLBACK.href);
    expect(fileURLToPath(entry)).toMatch(
      /node_modules\/\.cache\/urban-issue-map\/echo-worker-[0-9a-f]{16}\.mjs$/,
    );
    expect(readFileSync(entry, 'utf8')).not.toContain('tsx');
    // No loader flags at all: the file runs on Node alone.
    const worker = new Worker(entry, { execArgv: [] });
    const answer = await new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    expect(answer).toBe(42);
  });

  test('is built once a process: the same file for the same source', () => {
    const src = source('once-worker.ts', 'export const n: number = 1;');
    const first = workerBundle(src, FALLBACK);
    made.push(first);
    expect(workerBundle(src, FALLBACK).href).toBe(first.href);
  });

  test("the store's reader is bundled", () => {
    const reader = workerBundle(
      new URL('../../server/store/sqlite/read-worker.ts', import.meta.url),
      FALLBACK,
    );
    expect(reader.href).toMatch(/read-worker-[0-9a-f]{16}\.mjs$/);
  });
});

describe('the tsx entry is kept', () => {
  test('for a worker with a module that finds files beside itself', () => {
    const src = source(
      'finder-worker.ts',
      `export const data = new URL('./data.json', import.meta.url);`,
    );
    expect(workerBundle(src, FALLBACK).href).toBe(FALLBACK.href);
  });

  test('for a source that does not build', () => {
    const src = source('broken-worker.ts', 'export const = ;');
    expect(workerBundle(src, FALLBACK).href).toBe(FALLBACK.href);
  });
});
