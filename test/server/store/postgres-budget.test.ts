/**
 * One request never stops the others, on PostgreSQL: a read past its time budget fails with BUSY
 * (the API's 503) at its budget while other reads and writes on the same store answer, PostgreSQL
 * cancels the statement itself, and the pools go on serving. A read is made slow by construction:
 * another session holds a lock on the table it reads, or the statement sleeps.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DomainError } from '../../../server/domain/errors.ts';
import { PgClient, type PgSession } from '../../../server/store/postgres/pg-client.ts';
import { createPostgresStore } from '../../../server/store/postgres/postgres-store.ts';
import type { ReadBudgets } from '../../../server/store/store-errors.ts';
import type { Store } from '../../../server/store/store.ts';
import { startPostgresCluster, type PostgresCluster } from '../../support/postgres-cluster.ts';
import { makeViolation } from '../helpers.ts';
import { makeSession, makeUser } from './contract-accounts.ts';

const BUDGETS: ReadBudgets = { read: 200, long: 400 };
const T0 = { user: null, at: '2026-03-10T03:00:00.000Z' };
const ALL = { limit: 10, offset: 0 };
const user = makeUser();

let cluster: PostgresCluster;
let admin: PgClient;
let store: Store;
/** The same database, outside the store: the session that holds the locks. */
let other: PgClient;

beforeAll(async () => {
  cluster = await startPostgresCluster();
  admin = new PgClient(cluster.url());
  await admin.query('CREATE DATABASE uim_budget');
  store = await createPostgresStore(cluster.url('uim_budget'), {
    budgets: BUDGETS,
    connections: { read: 2, long: 1, write: 2 },
  });
  other = new PgClient(cluster.url('uim_budget'));
  await store.violations.insertMany(
    [makeViolation(), makeViolation(), makeViolation()],
    'import',
    T0,
  );
  await store.users.insert(user, T0);
}, 120_000);

afterAll(async () => {
  await store?.close();
  await other?.close();
  await admin?.close();
  cluster?.stop();
}, 60_000);

/**
 * Holds `LOCK TABLE … IN ACCESS EXCLUSIVE MODE` on another connection until `release()`: every
 * read of the table waits for it, as long as the lock is held.
 */
async function lockTable(table: string): Promise<{ release(): Promise<void> }> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let locked!: () => void;
  const taken = new Promise<void>((resolve) => (locked = resolve));
  const held = other.session(async (s: PgSession) => {
    await s.query('BEGIN');
    await s.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
    locked();
    await released;
    await s.query('ROLLBACK');
  });
  await taken;
  return {
    async release() {
      release();
      await held;
    },
  };
}

/** The error a promise rejects with, and after how many milliseconds. */
async function failure(promise: Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const started = performance.now();
  try {
    await promise;
  } catch (error) {
    return { error, ms: performance.now() - started };
  }
  throw new Error('expected the read to fail');
}

function expectBusy(error: unknown, budgetMs: number): void {
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe('BUSY');
  expect((error as DomainError).details).toEqual({ budget_ms: budgetMs });
  expect((error as DomainError).text.en).toMatch(/within 0\.\d s.*Narrow the view/);
}

/** Statements of this database still running `pattern`, other than the one asking. */
async function running(pattern: string): Promise<number> {
  const row = await admin.one<{ n: number }>(
    `SELECT count(*) AS n FROM pg_stat_activity
     WHERE datname = 'uim_budget' AND state = 'active' AND query LIKE $1
       AND pid <> pg_backend_pid()`,
    [`%${pattern}%`],
  );
  return row!.n;
}

describe('a read past its budget', () => {
  test('fails with BUSY at its budget while other reads and writes on the store answer', async () => {
    const lock = await lockTable('violations');
    try {
      const slow = failure(store.violations.list(ALL));
      // Meanwhile: a read of another table, a sign-in's session written and read back.
      const started = performance.now();
      expect(await store.users.count()).toBe(1);
      const session = makeSession(user.id);
      await store.sessions.insert(session);
      expect(await store.sessions.get(session.token_hash)).toEqual(session);
      const otherMs = performance.now() - started;

      const { error, ms } = await slow;
      expectBusy(error, BUDGETS.read);
      expect(ms).toBeGreaterThanOrEqual(BUDGETS.read - 20);
      expect(ms).toBeLessThan(BUDGETS.read + 1000);
      expect(otherMs).toBeLessThan(ms);
    } finally {
      await lock.release();
    }
    // The pool goes on working: more reads than it has connections, one after the other and at once.
    for (let i = 0; i < 5; i++) expect((await store.violations.list(ALL)).total).toBe(3);
    const pages = await Promise.all(Array.from({ length: 6 }, () => store.violations.list(ALL)));
    expect(pages.map((p) => p.total)).toEqual([3, 3, 3, 3, 3, 3]);
  });

  test('reads waiting for a connection are abandoned at their budget too', async () => {
    const lock = await lockTable('violations');
    try {
      // Five reads on a pool of two connections: three wait in the queue.
      const reads = await Promise.all(
        Array.from({ length: 5 }, () => failure(store.violations.get('nope'))),
      );
      for (const { error, ms } of reads) {
        expectBusy(error, BUDGETS.read);
        expect(ms).toBeLessThan(BUDGETS.read + 1000);
      }
    } finally {
      await lock.release();
    }
    expect(await store.violations.get('nope')).toBeUndefined();
    expect((await store.violations.list(ALL)).items).toHaveLength(3);
  });

  test('a streamed read past the long budget fails with BUSY and lets its connection go', async () => {
    const lock = await lockTable('versions');
    try {
      const states = store.versions.statesChangedIn('violations', '2026-01-01', '2027-01-01');
      const { error } = await failure(states.next());
      expectBusy(error, BUDGETS.long);
    } finally {
      await lock.release();
    }
    // The long pool has one connection: the next stream gets it.
    const states: unknown[] = [];
    for await (const s of store.versions.statesChangedIn(
      'violations',
      '2026-01-01',
      '2027-01-01',
    )) {
      states.push(s);
    }
    expect(states).toHaveLength(3);
  });

  test('a stream stopped early releases its connection', async () => {
    for (let i = 0; i < 3; i++) {
      const states = store.versions.statesChangedIn('violations', '2026-01-01', '2027-01-01');
      expect((await states.next()).done).toBe(false);
      // Without return() the next stream would wait for the long pool's only connection.
      await states.return?.(undefined);
    }
    expect(await store.violations.positions({ limit: 0, offset: 0 })).toHaveLength(3);
  });

  test('PostgreSQL cancels the statement itself, and the connection serves the next read', async () => {
    const client = new PgClient(cluster.url('uim_budget'), {
      budgets: BUDGETS,
      connections: { read: 1 },
    });
    try {
      const { error, ms } = await failure(client.read.query('SELECT pg_sleep(5) AS slept'));
      expectBusy(error, BUDGETS.read);
      expect(ms).toBeLessThan(BUDGETS.read + 1000);
      expect(client.abandoned).toBe(1);
      // The pool's one connection is free again once PostgreSQL has cancelled the sleep.
      expect(await client.read.one('SELECT 1 AS one')).toEqual({ one: 1 });
      expect(await running('pg_sleep(5)')).toBe(0);
      // A write has the writers' timeout, not the read budget.
      expect(await client.one('SELECT 1 AS one FROM pg_sleep(0.4)')).toEqual({ one: 1 });
    } finally {
      await client.close();
    }
  });
});
