/**
 * `npm run bench -- --load [--records 100000] [--clients 200] [--seconds 60]`: the load test
 * (load.ts) on its own, its table printed and written to bench/results/load.md. It exits 1 when a
 * target is missed, so a script can tell.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadTest, renderLoad } from './load.ts';
import { ROOT } from './server.ts';

const { values } = parseArgs({
  options: {
    load: { type: 'boolean', default: true },
    records: { type: 'string', default: '100000' },
    clients: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '60' },
    heavy: { type: 'string', default: '4' },
    'as-of': { type: 'string', default: '2' },
    keep: { type: 'boolean', default: false },
  },
});
const number = (name: string, value: string, min: number, max: number) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    console.error(`--${name} takes a whole number from ${min} to ${max}, not "${value}"`);
    process.exit(2);
  }
  return n;
};
const dir = mkdtempSync(join(tmpdir(), 'uim-load-'));
const log = (s: string) => console.error(`[load ${new Date().toISOString().slice(11, 19)}] ${s}`);
try {
  const result = await loadTest({
    records: number('records', values.records, 100, 2_000_000),
    clients: number('clients', values.clients, 1, 500),
    seconds: number('seconds', values.seconds, 1, 600),
    heavyReaders: number('heavy', values.heavy, 0, 50),
    asOfReaders: number('as-of', values['as-of'], 0, 50),
    dir,
    log,
  });
  const machine = `${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GB, Node ${process.version}`;
  const table = `${renderLoad(result)}\n\nMachine: ${machine}; ${new Date().toISOString().slice(0, 10)}.\n`;
  writeFileSync(join(ROOT, 'bench', 'results', 'load.md'), table);
  console.log(table);
  const met =
    result.serverErrors === 0 &&
    result.overTenSeconds === 0 &&
    result.p99 <= 1000 &&
    result.health.max <= 200;
  process.exitCode = met ? 0 : 1;
} finally {
  if (!values.keep) rmSync(dir, { recursive: true, force: true });
}
