/**
 * npx tsx bench/aggregations.ts [--sizes 60000,200000]: how long the ward statistics as of a past
 * day and a first monthly summary hold the server's thread. For each size, seeded violations with
 * a year of history (steps, deadlines, archiving: about 1.8 versions a record) are written through
 * the repository's bulk insert and its update, into a database file; the services are then timed
 * in this process, on a store opened afresh, as the app calls them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parseArgs } from 'node:util';
import { VIOLATION_KINDS } from '../server/domain/violations/violation-kinds.ts';
import type { ViolationStatus } from '../server/domain/violations/violation-statuses.ts';
import { endOfLocalDay, localDate } from '../server/domain/dates.ts';
import type { Violation } from '../server/domain/violations/violation.ts';
import {
  addFlows,
  emptyFlows,
  type FlowWindow,
} from '../server/domain/violations/monthly-flows.ts';
import { tallyByWard } from '../server/domain/violations/ward-statistics.ts';
import { exportMonth } from '../server/domain/month.ts';
import { loadReferenceData } from '../server/reference-data.ts';
import { matchesFilter, type ViolationFilter } from '../server/store/filter.ts';
import type { Store } from '../server/store/store.ts';
import { MonthlyReportService } from '../server/services/monthly-report.ts';
import { StatisticsService } from '../server/services/statistics.ts';
import { openDatabase } from '../server/store/sqlite/database.ts';
import { migrate } from '../server/store/sqlite/migrate.ts';
import { createSqliteStore } from '../server/store/sqlite/sqlite-store.ts';
import { SqliteViolationRepository } from '../server/store/sqlite/violation-repository.ts';
import { random } from './synthetic.ts';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '60000,200000' },
    /** Keep each database (its path is printed), to read query plans on it. */
    keep: { type: 'boolean', default: false },
  },
});
const sizes = values.sizes.split(',').map((s) => Number(s.trim()));
const NOW = new Date('2026-06-30T03:00:00.000Z');
const YEAR_MS = 365 * 86_400_000;
const DAY_MS = 86_400_000;
const reference = loadReferenceData();
const wards = reference.layers['2025'].features.map((f) => ({
  code: String(f.id),
  name: f.properties.name,
}));
const PATH: ViolationStatus[] = [
  'reported',
  'verified',
  'recorded',
  'decided',
  'remedied',
  'closed',
];

function seed(file: string, n: number): number {
  const db = openDatabase(file);
  migrate(db);
  const repo = new SqliteViolationRepository(db);
  const rand = random(n);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
  let versions = 0;
  const BATCH = 5000;
  for (let done = 0; done < n; done += BATCH) {
    const batch: Violation[] = [];
    const later: { v: Violation; moves: number }[] = [];
    for (let i = done; i < Math.min(n, done + BATCH); i++) {
      const created = new Date(NOW.getTime() - Math.floor(rand() * YEAR_MS)).toISOString();
      const v: Violation = {
        type: 'Feature',
        id: crypto.randomUUID(),
        geometry: { type: 'Point', coordinates: [105.83 + rand() * 0.02, 22.14 + rand() * 0.02] },
        properties: {
          kind: pick(VIOLATION_KINDS),
          status: 'reported',
          description: 'Lấn chiếm vỉa hè',
          address: `Số ${1 + Math.floor(rand() * 300)} đường Trường Chinh`,
          ward: rand() < 0.97 ? pick(wards) : null,
          observed_at: created,
          created_at: created,
          updated_at: created,
          version: 1,
          deadline: null,
          steps: [step('reported', created, null)],
          created_by: null,
          original_description: null,
          violator: null,
          notes: [],
          photos: [],
          archived_at: null,
        },
      };
      batch.push(v);
      const r = rand();
      later.push({ v, moves: r < 0.4 ? 0 : r < 0.8 ? 1 : 1 + Math.floor(rand() * 5) });
    }
    db.transaction(() => {
      // Each created when it was reported: the history as of a past day holds only the older.
      for (const v of batch) repo.insert(v, 'create', { user: null, at: v.properties.created_at });
      versions += batch.length;
      for (const { v, moves } of later) {
        let current = v;
        for (let m = 0; m < moves; m++) {
          const p = current.properties;
          const at = new Date(Date.parse(p.updated_at) + Math.floor(rand() * 30 * DAY_MS));
          if (at > NOW) break;
          const iso = at.toISOString();
          const archive = rand() < 0.03;
          const status = archive ? p.status : (PATH[PATH.indexOf(p.status) + 1] ?? p.status);
          const deadline = ['closed', 'remedied'].includes(status)
            ? null
            : localDate(new Date(at.getTime() + Math.floor(rand() * 20) * DAY_MS));
          const next: Violation = {
            ...current,
            properties: {
              ...p,
              status,
              deadline,
              version: p.version + 1,
              updated_at: iso,
              archived_at: archive ? iso : p.archived_at,
              steps: archive ? p.steps : [...p.steps, step(status, iso, deadline)],
            },
          };
          repo.update(next, p.version, archive ? 'archive' : `step:${status}`, {
            user: null,
            at: iso,
          });
          versions++;
          current = next;
        }
      }
    })();
  }
  db.close();
  return versions;
}

function step(status: ViolationStatus, at: string, deadline: string | null) {
  return {
    status,
    date: localDate(new Date(at)),
    actor: null,
    note: null,
    details: {},
    deadline,
    entered_at: at,
  };
}

function time<T>(f: () => T): [number, T] {
  const t = performance.now();
  const result = f();
  return [performance.now() - t, result];
}

/** `time` of a call that answers a promise: from the call until it settles. */
async function timeAsync<T>(f: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const result = await f();
  return [performance.now() - t, result];
}

/**
 * The streaming path the services took before the counts moved into SQL: every record's last state
 * parsed in JavaScript and folded. Kept here to time it beside the SQL path on the same data, under
 * the same load, and to check that both answer the same.
 */
async function streamedStats(store: Store, asOf: string, filter: ViolationFilter = ALL) {
  const groups = [];
  const states = store.versions.statesChangedIn('violations', '', endOfLocalDay(asOf));
  for await (const { state } of states) {
    const v = state as Violation;
    if (!matchesFilter(v, filter)) continue;
    const p = v.properties;
    groups.push({
      ward: p.ward?.code ?? null,
      kind: p.kind,
      status: p.status,
      deadline: p.deadline,
      count: 1,
    });
  }
  return tallyByWard(groups, statisticsWards, asOf);
}

async function streamedFlows(store: Store, window: FlowWindow) {
  const flows = emptyFlows();
  for await (const { state } of store.versions.statesChangedIn('violations', '', window.until)) {
    addFlows(flows, state as Violation, window);
  }
  return flows;
}

const ALL: ViolationFilter = { limit: 0, offset: 0 };
const Q: ViolationFilter = { q: 'truong chinh 12', limit: 0, offset: 0 };
const month = (id: string) => {
  const checked = exportMonth(id, NOW);
  if (!checked.ok) throw new Error(id);
  return checked.month;
};
const MAY = month('2026-05');
const APRIL = month('2026-04');
const ms = (x: number) => `${Math.round(x).toLocaleString('en')} ms`;
const statisticsWards = new StatisticsService({
  store: null as unknown as Store,
  wards: reference.layers['2025'],
  clock: { now: () => NOW },
}).wards;

for (const n of sizes) {
  const dir = mkdtempSync(join(tmpdir(), 'uim-agg-'));
  const file = join(dir, 'bench.sqlite');
  const [seedMs, versions] = time(() => seed(file, n));
  const store = createSqliteStore(file);
  const clock = { now: () => NOW };
  const statistics = new StatisticsService({ store, wards: reference.layers['2025'], clock });
  const reports = new MonthlyReportService({ store, clock, statistics });
  // Warm the page cache once, so neither path pays for the first read of the file.
  await streamedFlows(store, MAY);
  const [oldAsOf, oldTally] = await timeAsync(() => streamedStats(store, '2026-03-31'));
  const [newAsOf, newStats] = await timeAsync(() => statistics.byWard({ asOf: '2026-03-31' }));
  const [oldQ] = await timeAsync(() => streamedStats(store, '2026-03-31', Q));
  const [newQ] = await timeAsync(() => statistics.byWard({ asOf: '2026-03-31', q: Q.q }));
  // What a first monthly summary counted: both month ends, both months' flows.
  const [oldMonthly, oldFlows] = await timeAsync(async () => {
    await streamedStats(store, MAY.lastDay);
    await streamedStats(store, APRIL.lastDay);
    await streamedFlows(store, APRIL);
    return streamedFlows(store, MAY);
  });
  const [newMonthly, summary] = await timeAsync(() => reports.report('2026-05'));
  const same =
    isDeepStrictEqual(oldTally, newStats.violations) &&
    isDeepStrictEqual(await store.violations.flows(MAY), oldFlows) &&
    summary.violations.opened.current === oldFlows.opened;
  console.log(
    `${n.toLocaleString('en')} violations, ${versions.toLocaleString('en')} versions ` +
      `(seeded in ${ms(seedMs)}), streamed → SQL: stats asOf ${ms(oldAsOf)} → ${ms(newAsOf)}; ` +
      `asOf with q ${ms(oldQ)} → ${ms(newQ)}; first monthly summary ${ms(oldMonthly)} → ` +
      `${ms(newMonthly)}; same answers: ${same}`,
  );
  await store.close();
  if (values.keep) console.log(`kept ${file}`);
  else rmSync(dir, { recursive: true, force: true });
}
