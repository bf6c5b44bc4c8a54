/**
 * A worker thread's TypeScript as one plain JavaScript file. A worker starts without the
 * TypeScript loader of the thread that made it: registering tsx in it and loading some fifty
 * modules through the loader's own thread took about 450 ms of each of the 600 ms a reader
 * took to start. Bundled once per process (esbuild, about 140 ms; the packages stay imports of
 * their own), a reader starts in about 100 ms: the server opens sooner, a reader let go past its
 * budget is replaced sooner, and every test that opens a store on a file starts faster.
 *
 * The file goes under node_modules/.cache, so the packages it imports resolve as they do from
 * the sources; its name carries a hash of its text, so processes never overwrite each other's.
 * Where it cannot be written (a read-only install), or where a module of the worker finds files
 * beside itself, the worker starts from its tsx entry.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildSync } from 'esbuild';

const CACHE = fileURLToPath(new URL('../node_modules/.cache/urban-issue-map/', import.meta.url));

const bundled = new Map<string, URL>();

/**
 * The bundled entry of `source` (a worker's .ts), or `fallback` (its .mjs that registers tsx)
 * when it cannot be built or written.
 */
export function workerBundle(source: URL, fallback: URL): URL {
  const known = bundled.get(source.href);
  if (known) return known;
  let entry = fallback;
  try {
    const { outputFiles } = buildSync({
      entryPoints: [fileURLToPath(source)],
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      packages: 'external',
      write: false,
      logLevel: 'silent',
    });
    const text = outputFiles![0]!.text;
    // A module that finds files beside itself (migrations, data) would look for them in the
    // cache folder: such a worker keeps its tsx entry.
    if (text.includes('import.meta')) throw new Error(`${source.pathname} locates files itself`);
    const hash = createHash('sha256').update(text).digest('hex').slice(0, 16);
    const file = join(CACHE, `${basename(source.pathname, '.ts')}-${hash}.mjs`);
    if (!existsSync(file)) {
      mkdirSync(CACHE, { recursive: true });
      // Written whole under another name, then renamed: a worker never starts from half a file.
      const partial = `${file}.${process.pid}.tmp`;
      writeFileSync(partial, text);
      renameSync(partial, file);
    }
    entry = pathToFileURL(file);
  } catch {
    // The tsx entry works everywhere the sources do, only slower to start.
  }
  bundled.set(source.href, entry);
  return entry;
}
