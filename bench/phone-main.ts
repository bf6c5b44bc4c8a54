/**
 * `npm run bench -- --phone [--records 2000]`: the first map on a phone's weak link
 * (phone-link.ts) on its own, against the built web app served by the real server; the table is
 * printed and written to bench/results/phone-link.md.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { browserMissing } from './browser-map.ts';
import { prepareData } from './load.ts';
import { phoneLink, renderPhoneLink } from './phone-link.ts';
import { ROOT, startServer } from './server.ts';

const { values } = parseArgs({
  options: {
    phone: { type: 'boolean', default: true },
    records: { type: 'string', default: '2000' },
  },
});
const records = Number(values.records);
if (!Number.isInteger(records) || records < 100 || records > 1_000_000) {
  console.error(`--records takes a whole number from 100 to 1000000, not "${values.records}"`);
  process.exit(2);
}
const missing = browserMissing(process.env.WEB_DIST ?? join(ROOT, 'web', 'dist'));
if (missing) {
  console.error(`The phone link cannot be measured: ${missing}.`);
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), 'uim-phone-'));
try {
  const server = await startServer(await prepareData(records, dir));
  try {
    const result = await phoneLink(server.url);
    const machine = `${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GB, Node ${process.version}`;
    const table = `${renderPhoneLink(result)}\n\n${records.toLocaleString('en')} records; machine: ${machine}; ${new Date().toISOString().slice(0, 10)}.\n`;
    writeFileSync(join(ROOT, 'bench', 'results', 'phone-link.md'), table);
    console.log(table);
  } finally {
    await server.stop();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
