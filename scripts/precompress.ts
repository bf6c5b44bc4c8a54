/**
 * A Vite plugin that writes, beside each compressible file of the build, its brotli (`.br`, at
 * the highest quality) and gzip (`.gz`): the server sends those as they are
 * (serveStatic's `precompressed`), so a phone on a weak link gets MapLibre's 1 MB script as about
 * 230 KB without the server spending a moment on it. A file whose encoding saves under a tenth
 * is left whole.
 */
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Plugin } from 'vite';

const COMPRESSIBLE = /\.(?:js|mjs|css|html|svg|json|webmanifest|txt|xml)$/;
/** Smaller files cost more in a request's headers than their encoding saves. */
const MIN_BYTES = 1024;

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

async function* files(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (COMPRESSIBLE.test(entry.name)) yield path;
  }
}

/** Writes the `.br` and `.gz` of every compressible file under `dir`; answers how many. */
export async function precompressDir(dir: string): Promise<number> {
  const work: Promise<boolean>[] = [];
  for await (const path of files(dir)) {
    work.push(
      (async () => {
        if ((await stat(path)).size < MIN_BYTES) return false;
        const bytes = await readFile(path);
        const [br, gz] = await Promise.all([
          brotli(bytes, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
              [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
            },
          }),
          gzipped(bytes, { level: constants.Z_BEST_COMPRESSION }),
        ]);
        if (gz.length > bytes.length * 0.9) return false;
        await Promise.all([writeFile(`${path}.br`, br), writeFile(`${path}.gz`, gz)]);
        return true;
      })(),
    );
  }
  return (await Promise.all(work)).filter(Boolean).length;
}

export function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'urban-issue-map:precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    // After every other plugin has written its files (the service worker among them).
    closeBundle: {
      order: 'post',
      sequential: true,
      async handler() {
        await precompressDir(outDir);
      },
    },
  };
}
