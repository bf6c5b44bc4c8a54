/**
 * The server's floors import downwards only, checked on the source itself so an upward arrow (a
 * service reaching into the exports, the domain into the store) fails here on the day it is written.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';

const SERVER = fileURLToPath(new URL('../../server', import.meta.url));

/**
 * What each floor may import besides itself. The domain stands alone; the store keeps it; services
 * work on both; the export formats read the store beside the services; http is the edge's
 * middleware (sign-in, limits, errors); routes, OGC and Open311 are adapters side by side on top,
 * none reaching into another.
 */
const MAY_IMPORT = {
  domain: [],
  store: ['domain'],
  services: ['domain', 'store'],
  exports: ['domain', 'store'],
  http: ['domain', 'store', 'services'],
  routes: ['domain', 'store', 'services', 'exports', 'http'],
  ogc: ['domain', 'store', 'services', 'exports', 'http'],
  open311: ['domain', 'store', 'services', 'exports', 'http'],
} as const satisfies Record<string, readonly string[]>;
type Floor = keyof typeof MAY_IMPORT;

/** Where the whole is put together: nothing beneath may import it. */
const COMPOSITION = /^(app\.ts|main\.ts|cli\/)/;

/** The domain runs in the browser too: no Node, no HTTP framework, no database driver. */
const SERVER_ONLY_PACKAGE = /^(node:|hono$|hono\/|@hono\/|better-sqlite3$|pg$|pg-)/;
const NODE_BUILTINS = new Set(builtinModules);

interface Import {
  /** The importing file, relative to server/ with forward slashes. */
  from: string;
  specifier: string;
  /** The imported file relative to server/, for a relative specifier; null for a package. */
  target: string | null;
}

function sourceFiles(): string[] {
  return readdirSync(SERVER, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ts|mts|mjs)$/.test(f))
    .map((f) => f.split(sep).join('/'));
}

/** Every import, re-export and dynamic import, as TypeScript itself reads them. */
function importsOf(file: string): Import[] {
  const text = readFileSync(join(SERVER, file), 'utf8');
  return ts.preProcessFile(text, true, true).importedFiles.map(({ fileName: specifier }) => {
    if (!specifier.startsWith('.')) return { from: file, specifier, target: null };
    const target = relative(SERVER, resolve(SERVER, dirname(file), specifier));
    return { from: file, specifier, target: target.split(sep).join('/') };
  });
}

const IMPORTS = sourceFiles().flatMap(importsOf);

function floorOf(file: string): Floor | null {
  const top = file.split('/')[0]!;
  return top in MAY_IMPORT && file.includes('/') ? (top as Floor) : null;
}

const show = (i: Import) => `${i.from} → ${i.specifier}`;

describe('server import direction', () => {
  test('reads the imports of every floor', () => {
    // A parser that found nothing would pass every rule below.
    const floors = [...new Set(IMPORTS.map((i) => floorOf(i.from)))];
    for (const floor of Object.keys(MAY_IMPORT)) expect(floors).toContain(floor);
    expect(IMPORTS.filter((i) => i.from === 'app.ts').length).toBeGreaterThan(20);
  });

  test('the domain imports nothing else of the server', () => {
    const out = IMPORTS.filter(
      (i) => floorOf(i.from) === 'domain' && i.target !== null && floorOf(i.target) !== 'domain',
    );
    expect(out.map(show)).toEqual([]);
  });

  test('the domain imports no Node module, HTTP framework or database driver', () => {
    const out = IMPORTS.filter(
      (i) =>
        floorOf(i.from) === 'domain' &&
        i.target === null &&
        (SERVER_ONLY_PACKAGE.test(i.specifier) || NODE_BUILTINS.has(i.specifier)),
    );
    expect(out.map(show)).toEqual([]);
  });

  test('each floor imports only the floors beneath it', () => {
    const up = IMPORTS.filter((i) => {
      const [from, to] = [floorOf(i.from), i.target && floorOf(i.target)];
      if (!from || !to || from === to) return false;
      return !(MAY_IMPORT[from] as readonly Floor[]).includes(to);
    });
    expect(up.map(show)).toEqual([]);
  });

  test('nothing beneath the composition (app, main, the command line) imports it', () => {
    const up = IMPORTS.filter(
      (i) => !COMPOSITION.test(i.from) && i.target !== null && COMPOSITION.test(i.target),
    );
    expect(up.map(show)).toEqual([]);
  });
});
