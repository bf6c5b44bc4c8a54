import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { workerIndexBuilder } from '../../../server/services/cluster-builder.ts';
import { buildIndex, type ClusterIndex } from '../../../server/services/cluster-index.ts';
import { random } from '../../../bench/synthetic.ts';
import { ROOT } from '../../support/spawn-app.ts';

const OPTIONS = { radius: 60, maxZoom: 17, extent: 512 };

/** Seeded positions around the town: dense in the centre, a few far out. */
function triples(count: number): Float64Array {
  const rand = random(7);
  const out = new Float64Array(count * 3);
  for (let i = 0; i < count; i++) {
    const spread = i % 10 === 0 ? 0.3 : 0.02;
    out.set([1000 + i, 105.83 + (rand() - 0.5) * spread, 22.15 + (rand() - 0.5) * spread], i * 3);
  }
  return out;
}

/** Everything a view reads of an index: every zoom's clusters, ids and expansion zooms. */
function answers(index: ClusterIndex) {
  return Array.from({ length: 20 }, (_, zoom) =>
    index.getClusters([105.5, 21.9, 106.1, 22.4], zoom).map((f) => ({
      ...f,
      expansion: f.properties?.cluster ? index.getClusterExpansionZoom(f.id as number) : null,
    })),
  );
}

describe('the cluster worker', () => {
  test('an index built in the worker answers exactly as one built in place', async () => {
    const positions = triples(1500);
    const here = buildIndex(positions, OPTIONS);
    // The positions are handed over: send a copy.
    const there = await workerIndexBuilder.build({ positions: positions.slice() }, OPTIONS);
    const expected = answers(here);
    expect(expected[10]!.some((f) => f.properties?.cluster)).toBe(true);
    expect(expected[19]!.length).toBe(1500);
    expect(answers(there)).toEqual(expected);
  }, 60_000);

  test('builds under `node --import tsx`, as `npm start` runs the server', () => {
    const dir = mkdtempSync(join(tmpdir(), 'uim-cluster-worker-'));
    const script = join(dir, 'build.mjs');
    writeFileSync(
      script,
      `import { workerIndexBuilder } from '${join(ROOT, 'server/services/cluster-builder.ts')}';
      const index = await workerIndexBuilder.build(
        { positions: new Float64Array([1, 105.83, 22.15, 2, 105.8301, 22.1501, 3, 106, 22.3]) },
        { radius: 60, maxZoom: 17, extent: 512 },
      );
      console.log(JSON.stringify(index.getClusters([105, 21, 107, 23], 10).map((f) => f.properties?.point_count ?? f.id)));`,
    );
    const run = spawnSync(process.execPath, ['--import', 'tsx', script], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });
    rmSync(dir, { recursive: true, force: true });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual(expect.arrayContaining([2, 3]));
  }, 60_000);
});
