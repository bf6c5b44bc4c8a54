/**
 * A synchronous PostgreSQL client: node-postgres runs in a worker thread, and each call waits for
 * its answer with Atomics.wait.
 *
 * Why synchronous: the store contract (store.ts) is synchronous, as better-sqlite3 is, and every
 * service relies on it: a request's reads and writes never interleave with another request's,
 * and a transaction is a plain function. Keeping that contract lets the PostgreSQL store pass the
 * very same contract tests and serve the same services unchanged. The price is one loopback round
 * trip per statement on the server's thread; the way past it is more app processes on one
 * database, which this store makes possible and a SQLite file does not.
 */
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';

/** How long one statement may run before PostgreSQL cancels it. */
const STATEMENT_TIMEOUT_MS = 120_000;
/** A little longer than that, so PostgreSQL's own error arrives first. */
const WAIT_MS = STATEMENT_TIMEOUT_MS + 10_000;

/** A statement's error, with PostgreSQL's SQLSTATE (23505: unique violation). */
export class PgError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'PgError';
  }
}

export const UNIQUE_VIOLATION = '23505';

type Answer = { ok: true; value: unknown } | { ok: false; message: string; code?: string };

export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

export class SyncPg {
  readonly #worker: Worker;
  readonly #port;
  readonly #flag = new Int32Array(new SharedArrayBuffer(4));
  #depth = 0;
  #closed = false;

  constructor(url: string) {
    const { port1, port2 } = new MessageChannel();
    this.#port = port1;
    this.#worker = new Worker(new URL('./pg-worker.mjs', import.meta.url), {
      workerData: {
        url,
        port: port2,
        signal: this.#flag.buffer,
        statementTimeoutMs: STATEMENT_TIMEOUT_MS,
      },
      transferList: [port2],
      // Not the parent's loader flags: the worker is plain JavaScript.
      execArgv: [],
    });
    // A store left open must not keep a CLI alive.
    this.#worker.unref();
    port1.unref();
    // Fails at once, naming the database, when it cannot be reached.
    this.query('SELECT 1');
  }

  /** Runs one statement and answers its rows. */
  query<T = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): T[] {
    return this.run<T>(sql, params).rows;
  }

  /** The first row, or undefined. */
  one<T = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): T | undefined {
    return this.query<T>(sql, params)[0];
  }

  /** Rows and the number of rows a write touched. */
  run<T = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): QueryResult<T> {
    return this.#call({ op: 'query', sql, params }) as QueryResult<T>;
  }

  /**
   * Runs `fn` in a transaction: committed when it returns, rolled back when it throws. Nested
   * calls join the outer transaction, as better-sqlite3's do.
   */
  transaction<T>(fn: () => T): T {
    if (this.#depth > 0) return fn();
    this.query('BEGIN');
    this.#depth++;
    try {
      const value = fn();
      this.query('COMMIT');
      return value;
    } catch (error) {
      try {
        this.query('ROLLBACK');
      } catch {
        // The connection is gone; the error that matters is the first one.
      }
      throw error;
    } finally {
      this.#depth--;
    }
  }

  /**
   * The rows of a query, `batch` at a time, read in one snapshot on a connection of its own, so
   * other calls go on while it is consumed. Call `return()` when stopping early.
   */
  *cursor<T>(sql: string, params: readonly unknown[] = [], batch = 2000): Generator<T> {
    const { id } = this.#call({ op: 'cursor-open', sql, params }) as { id: string };
    try {
      for (;;) {
        const { rows } = this.#call({ op: 'cursor-fetch', id, count: batch }) as { rows: T[] };
        yield* rows;
        if (rows.length < batch) return;
      }
    } finally {
      if (!this.#closed) this.#call({ op: 'cursor-close', id });
    }
  }

  close(): void {
    if (this.#closed) return;
    try {
      this.#call({ op: 'close' });
    } finally {
      this.#closed = true;
      this.#port.close();
      void this.#worker.terminate();
    }
  }

  #call(message: Record<string, unknown>): unknown {
    if (this.#closed) throw new Error('the PostgreSQL store is closed');
    Atomics.store(this.#flag, 0, 0);
    this.#port.postMessage(message);
    if (Atomics.wait(this.#flag, 0, 0, WAIT_MS) === 'timed-out') {
      throw new Error(`PostgreSQL did not answer within ${WAIT_MS / 1000} s`);
    }
    const received = receiveMessageOnPort(this.#port);
    if (!received) throw new Error('the PostgreSQL worker answered nothing');
    const answer = received.message as Answer;
    if (!answer.ok) throw new PgError(answer.message, answer.code);
    return answer.value;
  }
}
