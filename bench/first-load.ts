/**
 * First-load JavaScript: the gzip size of what the browser fetches before the map can draw — the
 * entry script and module preloads that web/dist/index.html names, and MapLibre's worker, which
 * the map starts at once.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface FirstLoad {
  files: { name: string; gzipKb: number }[];
  /** Entry and preloads only. */
  htmlKb: number;
  /** With the map's worker. */
  totalKb: number;
}

export function firstLoad(dist: string): FirstLoad | null {
  const html = join(dist, 'index.html');
  if (!existsSync(html)) return null;
  const text = readFileSync(html, 'utf8');
  const named = [
    ...text.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g),
    ...text.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g),
  ].map((m) => m[1]!.replace(/^\//, ''));
  const assets = join(dist, 'assets');
  const worker = existsSync(assets)
    ? readdirSync(assets)
        .filter((f) => /^maplibre-gl-worker.*\.m?js$/.test(f))
        .map((f) => `assets/${f}`)
    : [];
  const size = (name: string) =>
    gzipSync(readFileSync(join(dist, name)), { level: 9 }).length / 1024;
  const files = [...named, ...worker].map((name) => ({ name, gzipKb: size(name) }));
  const htmlKb = files.filter((f) => named.includes(f.name)).reduce((n, f) => n + f.gzipKb, 0);
  return { files, htmlKb, totalKb: files.reduce((n, f) => n + f.gzipKb, 0) };
}
