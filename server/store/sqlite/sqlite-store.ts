/**
 * The SQLite store: one database file under DATA_DIR, migrated when opened.
 *
 * Writes run on this thread's connection, the one writer SQLite allows; each is a short
 * transaction. Reads that can grow with the data (lists, records, counts, history, the audit
 * log) run on a pool of read-only connections in worker threads, each with a time budget (WAL
 * lets them read while the writer commits). Sign-in lookups stay here: one indexed row each, on
 * every request, where a worker's round trip would cost more than the read. An in-memory
 * database (tests) has no second connection: every call runs here.
 */
import { cpus } from 'node:os';
import { KIND_LAYERS } from '../../domain/engine/record-kind.ts';
import { DEFAULT_READ_BUDGETS, type ReadBudgets } from '../store-errors.ts';
import type { Store } from '../store.ts';
import { openDatabase } from './database.ts';
import { migrate } from './migrate.ts';
import { ReadPool, type ReadLane } from './read-pool.ts';
import { openRepositories, type RepositoryName, type SyncRepositories } from './repositories.ts';
import { pagedHistory, type HistoryPages } from './version-history.ts';

/** An object's methods, each answering a promise of what it answered. */
type Promised<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<R> : never;
};

export interface SqliteStoreOptions {
  /** How many reader threads (default: the cores, 4 to 8). */
  readers?: number;
  budgets?: ReadBudgets;
}

/** The reads that go to the pool, by repository; every other call runs on the writer. */
const POOLED: { [K in RepositoryName]?: readonly string[] } = {
  violations: [
    'get',
    'list',
    'listJson',
    'pageText',
    'listAsOf',
    'countGroups',
    'countGroupsAsOf',
    'flows',
    'history',
    'positions',
    'markers',
  ],
  ...Object.fromEntries(
    KIND_LAYERS.map((layer) => [layer, ['get', 'list', 'listAsOf', 'history']]),
  ),
  indicators: ['get', 'list', 'listAsOf', 'history'],
  audit: ['list'],
  versions: ['firstChange', 'stateJsonPage'],
};

/** Reads a person waits for longer by nature: a month's flows and the counts behind a report. */
const LONG_READS = new Set(['violations.flows', 'violations.countGroupsAsOf']);

/** Reads of one record or a few by key: the pool's quick lane (read-pool.ts). */
const QUICK_READS = new Set([
  'violations.get',
  'violations.history',
  'violations.markers',
  ...KIND_LAYERS.flatMap((layer) => [`${layer}.get`, `${layer}.history`]),
  'indicators.get',
  'indicators.list',
  'indicators.history',
  'versions.firstChange',
]);

/** Reads of the past from the version history: the pool's slow lane, one reader at most. */
const PAST_READS = new Set([
  'violations.listAsOf',
  'violations.countGroupsAsOf',
  'violations.flows',
  ...KIND_LAYERS.map((layer) => `${layer}.listAsOf`),
  'indicators.listAsOf',
  'versions.stateJsonPage',
]);

/** Pages of today's records that may be large: the slow lane takes those of more than 500. */
const PAGES = new Set([
  'violations.list',
  'violations.listJson',
  'violations.pageText',
  ...KIND_LAYERS.map((layer) => `${layer}.list`),
]);
/** The map's pages by bbox and the anonymous maximum (http/read-limits.ts): a plain read. */
const LARGE_PAGE = 500;

/**
 * The pool's lane of a read: a map of thousands of records (the public map's whole list, an
 * anonymous world search) costs as much as a past map, and waits with it, so that pages of a view
 * are never held behind it.
 */
function laneOf(key: string, args: unknown[]): ReadLane {
  if (QUICK_READS.has(key)) return 'quick';
  if (PAST_READS.has(key)) return 'slow';
  if (PAGES.has(key) && ((args[0] as { limit?: number } | undefined)?.limit ?? 0) > LARGE_PAGE) {
    return 'slow';
  }
  return 'heavy';
}

/**
 * Readers: one more than the heavy reads that may run at once, so that a record opened by its id
 * always finds a reader soon, and enough that a past map and an expensive public read each on a
 * reader still leave one for today's pages. More readers than cores only share them: a page waits
 * its turn on a core instead of behind a read of many seconds. They give way to the server's
 * thread (read-worker.ts).
 */
export const DEFAULT_READERS = Math.min(8, Math.max(4, cpus().length));

export function createSqliteStore(path: string, options: SqliteStoreOptions = {}): Store {
  const db = openDatabase(path);
  migrate(db);
  const local = openRepositories(db);
  const memory = path === ':memory:' || path === '';
  const pool = memory ? null : new ReadPool(path, options.readers ?? DEFAULT_READERS);
  const budgets = options.budgets ?? DEFAULT_READ_BUDGETS;
  const wrap = <K extends RepositoryName>(name: K): Store[K] =>
    asynchronous(name, local[name], pool, budgets);
  // The history's pages are reads like any other (a reader's, for a file); its streams are
  // made of them here.
  const history = asynchronous(
    'versions',
    local.versions,
    pool,
    budgets,
  ) as unknown as Promised<HistoryPages>;
  return {
    violations: wrap('violations'),
    projects: wrap('projects'),
    gaps: wrap('gaps'),
    complaints: wrap('complaints'),
    indicators: wrap('indicators'),
    users: wrap('users'),
    sessions: wrap('sessions'),
    tokens: wrap('tokens'),
    audit: wrap('audit'),
    versions: {
      firstChange: history.firstChange,
      ...pagedHistory(history.stateJsonPage),
    },
    close: async () => {
      await pool?.close();
      db.close();
    },
  };
}

/**
 * The contract's repository over a synchronous one: pooled reads go to a reader, every other
 * call runs here and answers a settled promise (a thrown error becomes a rejection).
 */
function asynchronous<K extends RepositoryName>(
  name: K,
  repository: SyncRepositories[K],
  pool: ReadPool | null,
  budgets: ReadBudgets,
): Store[K] {
  const pooled = new Set(pool ? (POOLED[name] ?? []) : []);
  const target = repository as unknown as Record<string, unknown>;
  const methods: Record<string, unknown> = {};
  for (const method of methodNames(repository)) {
    const call = (target[method] as (...args: unknown[]) => unknown).bind(repository);
    if (pooled.has(method)) {
      const key = `${name}.${method}`;
      const budget = LONG_READS.has(key) ? budgets.long : budgets.read;
      methods[method] = (...args: unknown[]) =>
        pool!.read(name, method, args, budget, laneOf(key, args));
    } else {
      methods[method] = async (...args: unknown[]) => call(...args);
    }
  }
  return methods as unknown as Store[K];
}

/** Every method of a class instance, its prototype's own. */
function methodNames(instance: object): string[] {
  const proto = Object.getPrototypeOf(instance) as object;
  return Object.getOwnPropertyNames(proto).filter(
    (n) => n !== 'constructor' && typeof (proto as Record<string, unknown>)[n] === 'function',
  );
}
