/**
 * The load test: the real server on N seeded records, and for a fixed time a mixed load of many
 * clients (creates, pages of 500, records, clusters) with, beside it, anonymous clients sending
 * the most expensive read there is (the world with a text filter, 5,000 at a time) and planners
 * asking for the map as of today. A prober in a thread of its own asks /api/health all along.
 * Loopback only; bounded in count of clients and in time; every request has a 10 s timeout.
 *
 * `npm run bench -- --load` runs it at 100k records, 200 clients, 60 s and writes the table to
 * bench/results/load.md; test/server/process/load.test.ts runs a short one in CI.
 */
import Database from 'better-sqlite3';
import http from 'node:http';
import { mkdirSync, readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { dataPaths } from '../server/data-dir.ts';
import { loadReferenceData } from '../server/reference-data.ts';
import { percentile, runChild } from './measure.ts';
import { ROOT, startServer, type BenchServer } from './server.ts';
import { random, writeSynthetic } from './synthetic.ts';

export interface LoadOptions {
  /** Records imported before the load. */
  records: number;
  /** Clients of the mixed load. */
  clients: number;
  seconds: number;
  /** Anonymous clients sending the world bbox with `q` and a limit of 5,000. */
  heavyReaders: number;
  /** Signed-in clients asking for the map as of today. */
  asOfReaders: number;
  /** A folder for the data; the synthetic file and DATA_DIR go under it. */
  dir: string;
  log?: (line: string) => void;
}

/** What one kind of request met. */
export interface ClassResult {
  name: string;
  count: number;
  /** Answers by status; `timeout` for none within 10 s, `error` for a broken connection. */
  statuses: Record<string, number>;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface LoadResult {
  options: Omit<LoadOptions, 'dir' | 'log'>;
  classes: ClassResult[];
  health: { count: number; p50: number; p99: number; max: number; failed: number };
  serverErrors: number;
  overTenSeconds: number;
  /** p99 of every request of the mixed load and beside it, in ms. */
  p99: number;
}

export const REQUEST_TIMEOUT_MS = 10_000;
const SEED = 20_260_113;
const UNTIL = Date.parse('2026-06-30T10:00:00Z');

/** Seeded records imported with `npm run import` into `dir/data`; answers DATA_DIR. */
export async function prepareData(records: number, dir: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'violations.geojson');
  await writeSynthetic(file, records, loadReferenceData().wards.serviceArea, SEED, UNTIL);
  const dataDir = join(dir, 'data');
  const run = await runChild(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'server/cli/import.ts'), file],
    { env: { ...process.env, DATA_DIR: dataDir }, cwd: ROOT },
  );
  if (!/imported/.test(run.stdout)) {
    throw new Error(`the import failed:\n${run.stdout}\n${run.stderr.slice(-3000)}`);
  }
  return dataDir;
}

/** Ids and positions of some imported records, to aim reads where the records are. */
function sample(dataDir: string, count: number): { ids: string[]; points: [number, number][] } {
  const db = new Database(dataPaths(dataDir).database, { readonly: true });
  try {
    const rows = db
      .prepare(
        `SELECT v.id, (r.min_x + r.max_x) / 2, (r.min_y + r.max_y) / 2 FROM violations v
         JOIN violations_rtree r ON r.id = v.rowid ORDER BY v.rowid LIMIT ?`,
      )
      .raw()
      .all(count) as [string, number, number][];
    return { ids: rows.map((r) => r[0]), points: rows.map((r) => [r[1], r[2]]) };
  } finally {
    db.close();
  }
}

interface Reply {
  status: number | 'timeout' | 'error';
  ms: number;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });

function send(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  const started = performance.now();
  const headers = { ...options.headers };
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(Buffer.byteLength(options.body));
  }
  return new Promise((resolve) => {
    let settled = false;
    const done = (status: Reply['status']) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ status, ms: performance.now() - started });
    };
    const req = http.request(url, { method: options.method ?? 'GET', agent, headers }, (res) => {
      res.on('data', () => {});
      res.on('end', () => done(res.statusCode ?? 0));
      res.on('error', () => done('error'));
    });
    const timer = setTimeout(() => {
      done('timeout');
      req.destroy();
    }, REQUEST_TIMEOUT_MS);
    req.on('error', () => done('error'));
    req.end(options.body);
  });
}

/** The prober: a thread of its own, so the load's client work never delays its clock. */
const PROBER = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const samples = [];
let failed = 0;
let stop = false;
parentPort.on('message', () => { stop = true; });
function probe() {
  if (stop) { parentPort.postMessage({ samples, failed }); return; }
  const t = performance.now();
  const req = http.get(workerData.url, { agent }, (res) => {
    res.resume();
    res.on('end', () => {
      if (res.statusCode !== 200) failed++;
      samples.push(performance.now() - t);
      setTimeout(probe, workerData.everyMs);
    });
  });
  req.setTimeout(${REQUEST_TIMEOUT_MS}, () => req.destroy(new Error('timeout')));
  req.on('error', () => { failed++; samples.push(performance.now() - t); setTimeout(probe, workerData.everyMs); });
}
probe();
`;

function startProber(url: string): () => Promise<{ samples: number[]; failed: number }> {
  const worker = new Worker(PROBER, {
    eval: true,
    workerData: { url: `${url}/api/health`, everyMs: 50 },
  });
  return async () => {
    const answer = new Promise<{ samples: number[]; failed: number }>((resolve) =>
      worker.once('message', resolve),
    );
    worker.postMessage('stop');
    const result = await answer;
    await worker.terminate();
    return result;
  };
}

function summarise(name: string, replies: Reply[]): ClassResult {
  const statuses: Record<string, number> = {};
  for (const r of replies) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  const ms = replies.map((r) => r.ms);
  return {
    name,
    count: replies.length,
    statuses,
    p50: percentile(ms, 50),
    p95: percentile(ms, 95),
    p99: percentile(ms, 99),
    max: ms.length ? Math.max(...ms) : 0,
  };
}

/** Runs the load against a server already started on `dataDir`'s records. */
export async function runLoad(
  server: BenchServer,
  dataDir: string,
  options: LoadOptions,
): Promise<LoadResult> {
  const { ids, points } = sample(dataDir, 2_000);
  const rand = random(SEED + 1);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
  const lead = { authorization: `Bearer ${server.tokens.lead}` };
  const inspector = { authorization: `Bearer ${server.tokens.inspector}` };
  const view = (half: number) => {
    const [x, y] = pick(points);
    return [x - half, y - half, x + half, y + half].map((n) => n.toFixed(6)).join(',');
  };
  const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
  const url = server.url;
  const mixed: Record<string, Reply[]> = { create: [], list: [], get: [], clusters: [] };
  const heavy: Reply[] = [];
  const asOf: Reply[] = [];
  const until = performance.now() + options.seconds * 1000;

  const mixedClient = async () => {
    while (performance.now() < until) {
      const r = rand();
      if (r < 0.4) {
        const [x, y] = pick(points);
        const body = JSON.stringify({
          type: 'Feature',
          id: crypto.randomUUID(),
          geometry: { type: 'Point', coordinates: [x + (rand() - 0.5) * 1e-4, y] },
          properties: { kind: 'road_encroachment', description: 'Lấn chiếm lòng đường (tải thử)' },
        });
        mixed.create!.push(
          await send(`${url}/api/violations`, { method: 'POST', headers: inspector, body }),
        );
      } else if (r < 0.7) {
        mixed.list!.push(
          await send(`${url}/api/violations?limit=500&bbox=${view(0.01)}`, { headers: lead }),
        );
      } else if (r < 0.9) {
        mixed.get!.push(await send(`${url}/api/violations/${pick(ids)}`, { headers: lead }));
      } else {
        mixed.clusters!.push(
          await send(`${url}/api/violations/clusters?bbox=${view(0.03)}&zoom=13`, {
            headers: lead,
          }),
        );
      }
    }
  };
  const heavyClient = async () => {
    while (performance.now() < until) {
      // The request (refused at once past the anonymous page cap), then the most a
      // public client may ask for: the whole list with a text filter.
      const query = rand() < 0.5 ? 'bbox=-180,-90,180,90&q=l&limit=5000' : 'q=l&limit=5000';
      const reply = await send(`${url}/api/violations?${query}`);
      heavy.push(reply);
      // A refused client is told when to come back; a hostile one would not wait, but a loop
      // of instant refusals measures nothing more.
      if (reply.status === 429) await new Promise((r) => setTimeout(r, 200));
    }
  };
  const asOfClient = async () => {
    while (performance.now() < until) {
      asOf.push(await send(`${url}/api/violations?limit=500&asOf=${today}`, { headers: lead }));
    }
  };

  options.log?.(
    `load: ${options.clients} clients, ${options.heavyReaders} anonymous heavy readers, ${options.asOfReaders} as-of readers, ${options.seconds} s`,
  );
  const stopProber = startProber(url);
  // After the prober's thread has started: it keeps the priority it was made with.
  clientsGiveWay();
  await Promise.all([
    ...Array.from({ length: options.clients }, mixedClient),
    ...Array.from({ length: options.heavyReaders }, heavyClient),
    ...Array.from({ length: options.asOfReaders }, asOfClient),
  ]);
  const probed = await stopProber();
  const classes = [
    ...Object.entries(mixed).map(([name, replies]) => summarise(name, replies)),
    summarise('anonymous world/whole list + q, 5000', heavy),
    summarise('as of today, 500', asOf),
  ];
  const all = [...Object.values(mixed).flat(), ...heavy, ...asOf];
  return {
    options: {
      records: options.records,
      clients: options.clients,
      seconds: options.seconds,
      heavyReaders: options.heavyReaders,
      asOfReaders: options.asOfReaders,
    },
    classes,
    health: {
      count: probed.samples.length,
      p50: percentile(probed.samples, 50),
      p99: percentile(probed.samples, 99),
      max: probed.samples.length ? Math.max(...probed.samples) : 0,
      failed: probed.failed,
    },
    serverErrors: all.filter((r) => typeof r.status === 'number' && r.status >= 500).length,
    overTenSeconds: all.filter((r) => r.status === 'timeout').length,
    p99: percentile(
      all.map((r) => r.ms),
      99,
    ),
  };
}

/** Prepares the records, starts the server, runs the load, stops the server. */
export async function loadTest(options: LoadOptions): Promise<LoadResult> {
  options.log?.(`load: importing ${options.records} records`);
  const dataDir = await prepareData(options.records, options.dir);
  const server = await startServer(dataDir);
  try {
    return await runLoad(server, dataDir, options);
  } finally {
    await server.stop();
    agent.destroy();
  }
}

/**
 * The load's clients stand for phones and desks on other machines, which take none of the
 * server's cores: on this one they run at a lower priority (nice 10) than the server (0), so that
 * what is measured is the server's own work. Only this thread, the one that sends the load: the
 * /api/health prober keeps its priority, and the server is a process of its own. Lowering one's own
 * priority needs no privilege; where it fails the load runs as it is.
 */
function clientsGiveWay(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, 10);
  } catch {
    // Not Linux: the clients share the cores with the server as they are.
  }
}

const ms = (n: number) =>
  n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${n.toFixed(n < 10 ? 1 : 0)} ms`;

/** The table for the README and bench/results/load.md. */
export function renderLoad(r: LoadResult): string {
  const o = r.options;
  const statuses = (s: Record<string, number>) =>
    Object.entries(s)
      .map(([k, v]) => `${k}: ${v.toLocaleString('en')}`)
      .join(', ');
  const mark = (ok: boolean) => (ok ? 'met' : '**missed**');
  return [
    `Load test: ${o.records.toLocaleString('en')} records, ${o.clients} clients of the mixed load (40% creates, 30% pages of 500 in a view, 20% records, 10% clusters) for ${o.seconds} s, beside ${o.heavyReaders} anonymous clients sending \`bbox=-180,-90,180,90&q=l&limit=5000\` or \`q=l&limit=5000\` and ${o.asOfReaders} planners asking for the map as of today; /api/health asked every 50 ms from a thread of its own.`,
    '',
    '| requests | count | answers | p50 | p95 | p99 | max |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...r.classes.map(
      (c) =>
        `| ${c.name} | ${c.count.toLocaleString('en')} | ${statuses(c.statuses)} | ${ms(c.p50)} | ${ms(c.p95)} | ${ms(c.p99)} | ${ms(c.max)} |`,
    ),
    `| /api/health | ${r.health.count.toLocaleString('en')} | ${r.health.failed} failed | ${ms(r.health.p50)} | — | ${ms(r.health.p99)} | ${ms(r.health.max)} |`,
    '',
    '| target | measured | |',
    '| --- | --- | --- |',
    `| 0 answers 5xx | ${r.serverErrors} | ${mark(r.serverErrors === 0)} |`,
    `| 0 requests over 10 s | ${r.overTenSeconds} | ${mark(r.overTenSeconds === 0)} |`,
    `| p99 ≤ 1 s | ${ms(r.p99)} | ${mark(r.p99 <= 1000)} |`,
    `| /api/health max ≤ 200 ms | ${ms(r.health.max)} | ${mark(r.health.max <= 200)} |`,
  ].join('\n');
}
