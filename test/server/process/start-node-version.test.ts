/**
 * `npm start` (scripts/start.mjs) on a Node.js past its end of life says so in one line, and on a
 * supported one says nothing of it. CI runs this file on Node 20 and on Node 24 (npm run
 * test:node24), so each side is seen where it applies.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { spawnApp } from '../../support/spawn-app.ts';

const END_OF_LIFE = /past its end of life \(2026-04-30\).*install Node\.js 24 LTS/;

const version = process.versions.node;
const pastEndOfLife = Number(version.split('.')[0]) <= 20;

test(`npm start on Node ${version} ${pastEndOfLife ? 'notes once that it is past its end of life' : 'says nothing of an end of life'}`, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'uim-start-'));
  try {
    // The web app is built before the tests run (npm test); a start without it builds it first.
    const { child, output } = await spawnApp(
      ['scripts/start.mjs'],
      { DATA_DIR: dataDir },
      { host: '127.0.0.1', timeoutMs: 150_000 },
    );
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
    const lines = output()
      .split('\n')
      .filter((line) => END_OF_LIFE.test(line));
    expect(lines).toHaveLength(pastEndOfLife ? 1 : 0);
    if (pastEndOfLife) expect(lines[0]).toContain(`Node.js ${version}`);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 180_000);
