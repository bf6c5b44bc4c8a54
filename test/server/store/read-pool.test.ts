/**
 * The SQLite store reads off the server's thread: a pool of read-only connections in worker
 * threads answers what the writer committed, a read past its budget fails with BUSY (503) while
 * the pool goes on answering, and the server's thread stays free while a long read runs.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DomainError } from '../../../server/domain/errors.ts';
import { forCaller } from '../../../server/store/caller.ts';
import { ReadPool } from '../../../server/store/sqlite/read-pool.ts';
import { createSqliteStore } from '../../../server/store/sqlite/sqlite-store.ts';
import type { Store } from '../../../server/store/store.ts';
import { makeViolation } from '../helpers.ts';

const RECORDS = 10_000;
const AUDIT = { user: null, at: '2026-03-01T00:00:00.000Z' };
const LATER = '2030-01-01T00:00:00.000Z';

let dir: string;
let path: string;
let store: Store;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'uim-pool-'));
  path = join(dir, 'store.sqlite');
  store = createSqliteStore(path, { readers: 2 });
  const violations = Array.from({ length: RECORDS }, (_, i) =>
    makeViolation({
      description: `Lấn chiếm vỉa hè số ${i}`,
      observed_at: new Date(Date.parse(AUDIT.at) - i * 60_000).toISOString(),
    }),
  );
  await store.violations.insertMany(violations, 'create', AUDIT);
}, 120_000);

afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('reads on the pool', () => {
  test('see at once what the writer has just committed', async () => {
    const v = makeViolation({ description: 'Vừa ghi' });
    expect(await store.violations.insert(v, 'create', AUDIT)).toBe(true);
    expect((await store.violations.get(v.id))?.properties.description).toBe('Vừa ghi');
    const changed = structuredClone(v);
    changed.properties.description = 'Đã sửa';
    changed.properties.version = 2;
    expect(await store.violations.update(changed, 1, 'update', AUDIT)).toBe(true);
    expect((await store.violations.get(v.id))?.properties.description).toBe('Đã sửa');
    expect((await store.violations.history(v.id)).map((h) => h.version)).toEqual([1, 2]);
  });

  test('answer past pages of a file database in the store order', async () => {
    const page = await store.violations.listAsOf(LATER, { limit: 3, offset: 1 });
    const live = await store.violations.list({ limit: 3, offset: 1 });
    expect(page.total).toBe(live.total);
    expect(page.items.map((v) => v.id)).toEqual(live.items.map((v) => v.id));
  });

  test('leave the server thread free while a long read runs', async () => {
    // Warm: the readers have loaded their code.
    await store.violations.list({ limit: 1, offset: 0 });
    const before = performance.eventLoopUtilization();
    const started = performance.now();
    const page = await store.violations.listAsOf(LATER, { q: 'via he', limit: 5_000, offset: 0 });
    const elapsed = performance.now() - started;
    const used = performance.eventLoopUtilization(before);
    expect(page.items).toHaveLength(5_000);
    // Parsing, filtering and sorting thousands of records ran on a reader: this thread was idle
    // for most of the wait (a read on this thread would keep it busy the whole time).
    expect(used.utilization).toBeLessThan(0.5);
    expect(elapsed).toBeGreaterThan(0);
  });
});

describe('a read past its budget', () => {
  test('fails with BUSY, and the pool keeps its size and answers the next read', async () => {
    const pool = new ReadPool(path, 1);
    try {
      // Loaded first, so the budget below measures the read itself.
      const one = await pool.read<{ total: number }>(
        'violations',
        'list',
        [{ limit: 1, offset: 0 }],
        60_000,
      );
      expect(one.total).toBeGreaterThanOrEqual(RECORDS);
      const slow = pool.read('violations', 'listAsOf', [LATER, { limit: 5_000, offset: 0 }], 1);
      const error = await slow.then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('BUSY');
      expect((error as DomainError).text.vi).toContain('Thu hẹp vùng xem');
      expect(pool.stats().abandoned).toBe(1);
      // The reader that was busy with it was replaced; the next read is answered.
      const next = await pool.read<{ total: number }>(
        'violations',
        'list',
        [{ limit: 1, offset: 0 }],
        60_000,
      );
      expect(next.total).toBe(one.total);
      expect(pool.stats().readers).toBe(1);
    } finally {
      await pool.close();
    }
  }, 60_000);
});

describe('lanes', () => {
  test('a record opened by its id is answered while pages and past maps hold the other reader', async () => {
    const pool = new ReadPool(path, 2);
    try {
      const [first] = (
        await pool.read<{ items: { id: string }[] }>(
          'violations',
          'list',
          [{ limit: 1, offset: 0 }],
          60_000,
        )
      ).items;
      const order: string[] = [];
      const track = <T>(name: string, p: Promise<T>) => p.then(() => void order.push(name));
      const slow = [
        track(
          'past 1',
          pool.read('violations', 'listAsOf', [LATER, { limit: 5_000, offset: 0 }], 60_000, 'slow'),
        ),
        track(
          'page',
          pool.read('violations', 'list', [{ limit: 5_000, offset: 0 }], 60_000, 'heavy'),
        ),
        track(
          'past 2',
          pool.read('violations', 'listAsOf', [LATER, { limit: 5_000, offset: 0 }], 60_000, 'slow'),
        ),
      ];
      await track('record', pool.read('violations', 'get', [first!.id], 60_000, 'quick'));
      await Promise.all(slow);
      // Two readers: the heavy lanes run one at a time, the record took the other reader at once.
      expect(order.indexOf('record')).toBeLessThan(order.indexOf('page'));
      expect(order.indexOf('record')).toBeLessThan(order.indexOf('past 2'));
      expect(order).toHaveLength(4);
    } finally {
      await pool.close();
    }
  }, 60_000);

  test('a page of thousands of records waits with the past maps: the pages of a view go first', async () => {
    const three = createSqliteStore(path, { readers: 3 });
    try {
      const order: string[] = [];
      const track = <T>(name: string, p: Promise<T>) => p.then(() => void order.push(name));
      const asked = [
        track('past', three.violations.listAsOf(LATER, { limit: 5_000, offset: 0 })),
        track('whole list', three.violations.list({ limit: 5_000, offset: 0 })),
        ...[0, 1, 2].map((i) =>
          track(`page ${i}`, three.violations.list({ limit: 500, offset: i * 500 })),
        ),
      ];
      await Promise.all(asked);
      // Three readers: one for records by id, two for the rest, of which one slow read at most.
      // The whole list is asked before the pages but runs after the past map, beside them.
      const whole = order.indexOf('whole list');
      for (const i of [0, 1, 2]) expect(order.indexOf(`page ${i}`)).toBeLessThan(whole);
      expect(order.indexOf('past')).toBeLessThan(whole);
    } finally {
      await three.close();
    }
  }, 60_000);

  test('a slow read runs at a lower thread priority than the pages (Linux nice 10, not 5)', async () => {
    /** Every thread of this process by id, with its nice value. */
    const nices = () =>
      new Map(
        readdirSync('/proc/self/task').flatMap((tid) => {
          let stat: string;
          try {
            stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
          } catch {
            // A thread that ended between the listing and the read (another test's worker).
            return [];
          }
          // The fields after the command name (in parentheses): nice is the 19th of all.
          return [[tid, Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16])] as const];
        }),
      );
    const before = nices();
    const pool = new ReadPool(path, 2);
    /** The nice values of this pool's reader threads: the threads that were not there before. */
    const readers = () => [...nices()].filter(([tid]) => !before.has(tid)).map(([, n]) => n);
    try {
      await pool.read('violations', 'list', [{ limit: 1, offset: 0 }], 60_000, 'heavy');
      expect(readers()).toContain(5);
      expect(readers()).not.toContain(10);
      await pool.read('violations', 'listAsOf', [LATER, { limit: 1, offset: 0 }], 60_000, 'slow');
      expect(readers()).toContain(10);
    } finally {
      await pool.close();
    }
  }, 60_000);

  test('a read still queued when its caller has gone is dropped, unrun; one already running ends', async () => {
    const pool = new ReadPool(path, 2);
    try {
      await pool.read('violations', 'list', [{ limit: 1, offset: 0 }], 60_000, 'heavy');
      const slowPast = () =>
        pool.read('violations', 'listAsOf', [LATER, { limit: 5_000, offset: 0 }], 60_000, 'slow');
      // Two readers: one slow read holds the only reader pages may use.
      const running = slowPast() as Promise<{ items: unknown[] }>;
      const left = new AbortController();
      const queued = forCaller(left.signal, () =>
        pool.read('violations', 'list', [{ limit: 5, offset: 0 }], 60_000, 'heavy'),
      );
      const stays = pool.read<{ items: unknown[] }>(
        'violations',
        'list',
        [{ limit: 5, offset: 0 }],
        60_000,
        'heavy',
      );
      expect(pool.stats().queued).toBe(2);
      left.abort();
      await expect(queued).rejects.toMatchObject({ code: 'BUSY' });
      expect(pool.stats().queued).toBe(1);
      expect((await running).items).toHaveLength(5_000);
      expect((await stays).items).toHaveLength(5);
      // A caller gone before it asks is refused at once.
      const gone = new AbortController();
      gone.abort();
      await expect(
        forCaller(gone.signal, () => pool.read('violations', 'get', ['x'], 60_000, 'quick')),
      ).rejects.toMatchObject({ code: 'BUSY' });
      expect(pool.stats().queued).toBe(0);
    } finally {
      await pool.close();
    }
  }, 60_000);
});
