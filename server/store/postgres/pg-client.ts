/**
 * The PostgreSQL store's client: node-postgres' pools, every call a promise, so a slow statement
 * holds up its caller and nobody else.
 *
 * Three pools, each with its own `statement_timeout`, set as the connection opens (no SET per
 * call):
 * - `read`: what a person waits for on a screen (a page, a record, a count): the read budget;
 * - `long`: whole-layer and streamed reads (map positions, a month's export): the long budget;
 * - `write`: writes, their transactions and migrations: a generous 120 s.
 * Slow reads therefore never take the connections that writes and quick reads need.
 *
 * A read past its budget, counted from the call (waiting for a connection included), fails at
 * once with `storeBusy` (503). PostgreSQL cancels the statement itself when it runs past the
 * same budget (SQLSTATE 57014), which frees its connection for the next read.
 */
import pg from 'pg';
import { DomainError } from '../../domain/errors.ts';
import { DEFAULT_READ_BUDGETS, storeBusy, type ReadBudgets } from '../store-errors.ts';

/** How long one write statement may run before PostgreSQL cancels it. */
export const WRITE_TIMEOUT_MS = 120_000;

/** SQLSTATE of a unique violation. */
export const UNIQUE_VIOLATION = '23505';
/** SQLSTATE of a statement cancelled (statement_timeout, or a cancel request). */
export const QUERY_CANCELED = '57014';

/** A statement's error, with PostgreSQL's SQLSTATE (23505: unique violation). */
export class PgError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PgError';
  }
}

export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

type Row = Record<string, unknown>;

/** Statements, each answering its rows. */
export interface Queryable {
  /** Runs one statement and answers its rows. */
  query<T = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** The first row, or undefined. */
  one<T = Row>(sql: string, params?: readonly unknown[]): Promise<T | undefined>;
  /** Rows and the number of rows a write touched. */
  run<T = Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>>;
}

/**
 * What the repositories run on: the client itself, or one of its transactions. Its own
 * statements are writes; `read` and `long` run reads within their budgets.
 */
export interface Pg extends Queryable {
  /** Statements of a read a person waits for: past the read budget, `storeBusy`. */
  readonly read: Queryable;
  /** Statements of a whole-layer read: past the long budget, `storeBusy`. */
  readonly long: Queryable;
  /**
   * Runs `fn` in a transaction on one connection: committed when its promise resolves, rolled
   * back when it rejects. A transaction inside a transaction joins it.
   */
  transaction<T>(fn: (tx: Pg) => Promise<T>): Promise<T>;
}

type Exec = <T>(sql: string, params?: readonly unknown[]) => Promise<QueryResult<T>>;

function queryable(exec: Exec): Queryable {
  return {
    run: exec,
    query: async <T>(sql: string, params?: readonly unknown[]) => (await exec<T>(sql, params)).rows,
    one: async <T>(sql: string, params?: readonly unknown[]) =>
      (await exec<T>(sql, params)).rows[0],
  };
}

/** The pools, by what they run. */
export type PoolName = 'read' | 'long' | 'write';

export interface PgClientOptions {
  budgets?: ReadBudgets;
  /** Connections per pool (default: read 8, long 4, write 4). */
  connections?: Partial<Record<PoolName, number>>;
}

const DEFAULT_CONNECTIONS: Record<PoolName, number> = { read: 8, long: 4, write: 4 };

/**
 * The store compares and sorts instants as ISO text and counts as numbers, as in SQLite: bigint
 * counts (count(*), sums, sequence numbers) come back as numbers, not strings. No count here
 * nears 2^53. Set per pool, so nothing else in the process sees its types change.
 */
const TYPES = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 || oid === pg.types.builtins.NUMERIC
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

const noop = () => {};

/** A statement's error as the store throws it; a database's own error keeps its SQLSTATE. */
function pgError(error: unknown): Error {
  if (error instanceof PgError || error instanceof DomainError) return error;
  if (error instanceof pg.DatabaseError) {
    return new PgError(error.message, error.code, { cause: error });
  }
  return error instanceof Error ? error : new Error(String(error));
}

/** A read's error: a cancelled statement is a read past its budget. */
function readError(error: unknown, budgetMs: number): Error {
  if (error instanceof pg.DatabaseError && error.code === QUERY_CANCELED) {
    return storeBusy(budgetMs);
  }
  return pgError(error);
}

/**
 * What to hand `release`: an error that is not the database's answer (a dropped connection, a
 * protocol error) makes the pool discard the connection instead of lending it again.
 */
function discardAfter(error: unknown): Error | undefined {
  if (error === undefined || error instanceof pg.DatabaseError) return undefined;
  return error instanceof Error ? error : new Error(String(error));
}

function closedError(): Error {
  return new Error('The PostgreSQL store is closed');
}

export class PgClient implements Pg {
  readonly budgets: ReadBudgets;
  readonly read: Queryable;
  readonly long: Queryable;
  readonly #pools: Record<PoolName, pg.Pool>;
  /** Connections held by cursors, let go of when the client closes. */
  readonly #held = new Set<pg.PoolClient>();
  #abandoned = 0;
  #closed = false;

  constructor(url: string, options: PgClientOptions = {}) {
    this.budgets = options.budgets ?? DEFAULT_READ_BUDGETS;
    const timeouts: Record<PoolName, number> = {
      read: this.budgets.read,
      long: this.budgets.long,
      write: WRITE_TIMEOUT_MS,
    };
    const pool = (name: PoolName) => {
      const p = new pg.Pool({
        connectionString: url,
        max: options.connections?.[name] ?? DEFAULT_CONNECTIONS[name],
        application_name: 'urban-issue-map',
        statement_timeout: timeouts[name],
        types: TYPES,
        keepAlive: true,
        // An unreachable host fails in seconds, not at the OS's TCP timeout.
        connectionTimeoutMillis: 10_000,
        // Idle connections must not keep a CLI alive once its work is done.
        allowExitOnIdle: true,
      });
      // Idle connections can drop (a restarted server): the pool replaces them, and the error
      // must not crash the process.
      p.on('error', noop);
      return p;
    };
    this.#pools = { read: pool('read'), long: pool('long'), write: pool('write') };
    this.read = queryable((sql, params) => this.#readStatement('read', sql, params));
    this.long = queryable((sql, params) => this.#readStatement('long', sql, params));
  }

  /** Reads abandoned past their budget since the client opened. */
  get abandoned(): number {
    return this.#abandoned;
  }

  async query<T = Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return (await this.run<T>(sql, params)).rows;
  }

  async one<T = Row>(sql: string, params: readonly unknown[] = []): Promise<T | undefined> {
    return (await this.run<T>(sql, params)).rows[0];
  }

  /** A write: one statement on the write pool. */
  run<T = Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
    return this.session((s) => s.run<T>(sql, params));
  }

  transaction<T>(fn: (tx: Pg) => Promise<T>): Promise<T> {
    return this.session((s) => s.transaction(fn));
  }

  /**
   * Runs `fn` on one connection of the write pool, held until its promise settles: what a
   * session-level setting or lock (a migration's advisory lock) needs.
   */
  async session<T>(fn: (session: PgSession) => Promise<T>): Promise<T> {
    const client = await this.#connect('write');
    const session = new PgSession(client);
    try {
      return await fn(session);
    } finally {
      this.#release(client, session.broken);
    }
  }

  /**
   * The rows of a query, `batch` at a time, read in one snapshot on a connection of its own, so
   * other calls go on while it is consumed; each batch within the long budget. Call `return()`
   * on the iterator when stopping early, to release the connection.
   */
  async *cursor<T = Row>(
    sql: string,
    params: readonly unknown[] = [],
    batch = 2000,
  ): AsyncGenerator<T> {
    const budget = this.budgets.long;
    const client = await this.#connectWithin('long', budget);
    this.#held.add(client);
    let failure: unknown;
    try {
      try {
        await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
        await client.query(`DECLARE rows_out NO SCROLL CURSOR FOR ${sql}`, params as unknown[]);
      } catch (error) {
        failure = error;
        throw readError(error, budget);
      }
      for (;;) {
        let rows: T[];
        try {
          rows = (await client.query(`FETCH ${Number(batch)} FROM rows_out`)).rows as T[];
        } catch (error) {
          failure = error;
          throw readError(error, budget);
        }
        for (const row of rows) yield row;
        if (rows.length < batch) return;
      }
    } finally {
      // Ends the snapshot (and the cursor with it), whether read to the end, stopped early by the
      // consumer's return(), or failed. A client closed meanwhile has let the connection go.
      if (this.#held.delete(client)) {
        try {
          await client.query(failure === undefined ? 'COMMIT' : 'ROLLBACK');
        } catch (error) {
          failure ??= error;
        }
        this.#release(client, failure);
      }
    }
  }

  /** Waits for the statements under way, then closes every connection. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const client of this.#held) client.release(true);
    this.#held.clear();
    await Promise.all(Object.values(this.#pools).map((p) => p.end()));
  }

  /**
   * One read statement within its budget from now. Past it the caller gets `storeBusy` at once;
   * the statement, if it started, runs on until PostgreSQL cancels it at the same budget, and
   * its connection then goes back to the pool.
   */
  #readStatement<T>(
    name: 'read' | 'long',
    sql: string,
    params: readonly unknown[] = [],
  ): Promise<QueryResult<T>> {
    if (this.#closed) return Promise.reject(closedError());
    const budget = this.budgets[name];
    return new Promise<QueryResult<T>>((resolve, reject) => {
      let settled = false;
      const timer = setTimeout(() => {
        settled = true;
        this.#abandoned++;
        reject(storeBusy(budget));
      }, budget);
      const work = async (): Promise<QueryResult<T> | undefined> => {
        const client = await this.#connect(name);
        let failure: unknown;
        try {
          // Abandoned while waiting for a connection: nothing left to read.
          if (settled) return undefined;
          const result = await client.query(sql, params as unknown[]);
          return { rows: result.rows as T[], rowCount: result.rowCount ?? 0 };
        } catch (error) {
          failure = error;
          throw error;
        } finally {
          this.#release(client, failure);
        }
      };
      work().then(
        (result) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve(result!);
        },
        (error: unknown) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          reject(readError(error, budget));
        },
      );
    });
  }

  async #connect(name: PoolName): Promise<pg.PoolClient> {
    if (this.#closed) throw closedError();
    const client = await this.#pools[name].connect();
    // A checked-out connection that drops between statements emits 'error': with no listener
    // that would end the process. The next statement on it fails instead.
    client.on('error', noop);
    return client;
  }

  /** A connection of `name`'s pool, or `storeBusy` when none is free within the budget. */
  async #connectWithin(name: PoolName, budget: number): Promise<pg.PoolClient> {
    const connecting = this.#connect(name);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(storeBusy(budget)), budget);
    });
    try {
      return await Promise.race([connecting, late]);
    } catch (error) {
      if (error instanceof DomainError) {
        this.#abandoned++;
        // The connection, when it comes, goes straight back.
        connecting.then((client) => this.#release(client, undefined), noop);
        throw error;
      }
      throw pgError(error);
    } finally {
      clearTimeout(timer);
    }
  }

  #release(client: pg.PoolClient, failure: unknown): void {
    client.removeListener('error', noop);
    client.release(discardAfter(failure));
  }
}

/**
 * One connection, held for a session or a transaction: every statement runs on it in turn, with
 * its pool's statement timeout; reads here are part of the work and carry no budget of their own.
 */
export class PgSession implements Pg {
  readonly read: Queryable;
  readonly long: Queryable;
  readonly #client: pg.PoolClient;
  #inTransaction = false;
  /** The error that broke the connection (not the database's answer), if one did. */
  broken: Error | undefined;

  constructor(client: pg.PoolClient) {
    this.#client = client;
    this.read = this;
    this.long = this;
  }

  async query<T = Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return (await this.run<T>(sql, params)).rows;
  }

  async one<T = Row>(sql: string, params: readonly unknown[] = []): Promise<T | undefined> {
    return (await this.run<T>(sql, params)).rows[0];
  }

  async run<T = Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
    try {
      const result = await this.#client.query(sql, params as unknown[]);
      return { rows: result.rows as T[], rowCount: result.rowCount ?? 0 };
    } catch (error) {
      this.broken ??= discardAfter(error);
      throw pgError(error);
    }
  }

  async transaction<T>(fn: (tx: Pg) => Promise<T>): Promise<T> {
    if (this.#inTransaction) return fn(this);
    await this.run('BEGIN');
    this.#inTransaction = true;
    try {
      const value = await fn(this);
      await this.run('COMMIT');
      return value;
    } catch (error) {
      try {
        await this.run('ROLLBACK');
      } catch {
        // The connection is gone; the error that matters is the first one.
      }
      throw error;
    } finally {
      this.#inTransaction = false;
    }
  }
}
