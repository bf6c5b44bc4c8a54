// node-postgres in a worker thread, answering the store's synchronous client (sync-client.ts).
// Plain JavaScript: a worker has no TypeScript loader under every runner (tests, `npm start`,
// the CLIs), and this file only moves messages between a port and the database.
import { workerData } from 'node:worker_threads';
import pg from 'pg';

const { url, port, signal, statementTimeoutMs } = workerData;
const flag = new Int32Array(signal);

// The store compares and sorts instants as ISO text and counts as numbers, as in SQLite: bigint
// counts (count(*), sums) come back as numbers, not strings. No count here nears 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

const pool = new pg.Pool({
  connectionString: url,
  max: 4,
  application_name: 'urban-issue-map',
  // An unreachable host fails the store's first call in seconds, not at the OS's TCP timeout.
  connectionTimeoutMillis: 10_000,
});
// Idle clients can drop (a restarted server); the pool replaces them, the error must not crash.
pool.on('error', () => {});

/** The connection every statement outside a cursor runs on, so BEGIN … COMMIT spans calls. */
let main = null;
/** Open cursors: each on a connection of its own, in one read-only snapshot. */
const cursors = new Map();
let nextCursor = 1;

async function mainClient() {
  if (!main) {
    main = await pool.connect();
    main.on('error', () => {
      main = null;
    });
    await main.query(`SET statement_timeout = ${Number(statementTimeoutMs)}`);
  }
  return main;
}

async function handle(message) {
  switch (message.op) {
    case 'query': {
      const client = await mainClient();
      const result = await client.query(message.sql, message.params);
      return { rows: result.rows, rowCount: result.rowCount ?? 0 };
    }
    case 'cursor-open': {
      const client = await pool.connect();
      const id = `c${nextCursor++}`;
      try {
        await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
        await client.query(`DECLARE ${id} NO SCROLL CURSOR FOR ${message.sql}`, message.params);
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        client.release();
        throw error;
      }
      cursors.set(id, client);
      return { id };
    }
    case 'cursor-fetch': {
      const client = cursors.get(message.id);
      if (!client) throw new Error(`no open cursor ${message.id}`);
      const result = await client.query(`FETCH ${Number(message.count)} FROM ${message.id}`);
      return { rows: result.rows };
    }
    case 'cursor-close': {
      const client = cursors.get(message.id);
      if (client) {
        cursors.delete(message.id);
        await client.query('COMMIT').catch(() => {});
        client.release();
      }
      return {};
    }
    case 'close': {
      for (const [id, client] of cursors) {
        cursors.delete(id);
        client.release();
      }
      main?.release();
      main = null;
      await pool.end();
      return {};
    }
    default:
      throw new Error(`unknown operation ${message.op}`);
  }
}

port.on('message', async (message) => {
  let answer;
  try {
    answer = { ok: true, value: await handle(message) };
  } catch (error) {
    // The code (SQLSTATE) lets the store tell a unique violation from a broken connection.
    answer = {
      ok: false,
      message: error instanceof Error ? error.message : String(error),
      code: typeof error?.code === 'string' ? error.code : undefined,
    };
  }
  port.postMessage(answer);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
});
