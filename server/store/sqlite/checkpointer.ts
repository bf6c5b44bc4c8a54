/**
 * Copies the write-ahead log into the database file from a worker thread, so that the fsyncs of
 * a checkpoint never stall the event loop. SQLite's own automatic checkpoint runs inside the
 * commit that crosses its threshold: every few dozen creates one request waited for two fsyncs
 * (about a millisecond a create on average at 10k records, far more at a million, where each
 * checkpoint writes thousands of scattered pages).
 *
 * Durability is unchanged: a commit is in the log when it is acknowledged, as before; only who
 * copies the log into the file, and when, changes. PASSIVE checkpoints never block writers.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the worker copies what was committed since its last pass. */
export const CHECKPOINT_EVERY_MS = 100;
/** How long closing waits for a checkpoint under way to end before it closes anyway. */
const STOP_WAIT_MS = 10_000;

// The worker's state, shared with it. Only the worker moves STARTING to OPEN (it then holds a
// connection); only the main thread moves on to STOPPING; the worker answers STOPPED.
const STARTING = 0;
const OPEN = 1;
const STOPPING = 2;
const STOPPED = 3;

/**
 * The worker's code, plain JavaScript: a worker does not go through the TypeScript loader the
 * main thread was started with (tsx, or Vitest's transform).
 */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const state = new Int32Array(workerData.state);
// Asked to stop before it began: it never opens the database.
if (Atomics.compareExchange(state, 0, ${STARTING}, ${OPEN}) === ${STARTING}) {
  let db = null;
  try {
    const Database = require(workerData.driver);
    db = new Database(workerData.path, { fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    db.pragma('synchronous = NORMAL');
    const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
    // Atomics.wait is the sleep: it ends at once when the main thread asks the worker to stop.
    while (Atomics.wait(state, 0, ${OPEN}, workerData.everyMs) === 'timed-out') {
      try {
        checkpoint.run();
      } catch {
        // Busy or locked for a moment: the next pass copies what this one could not.
      }
    }
  } finally {
    if (db) db.close();
    Atomics.store(state, 0, ${STOPPED});
    Atomics.notify(state, 0);
  }
}
`;

export interface Checkpointer {
  /** Stops the worker and closes its connection; synchronous, so a close that follows is last. */
  stop(): void;
}

/** Starts checkpointing the database at `path` (a file in WAL mode) in a worker thread. */
export function startCheckpointer(path: string): Checkpointer {
  const state = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      path,
      driver: createRequire(import.meta.url).resolve('better-sqlite3'),
      state: state.buffer,
      everyMs: CHECKPOINT_EVERY_MS,
    },
  });
  // The process ends when its work ends; a log left uncopied is copied at the next open.
  worker.unref();
  let stopped = false;
  worker.on('error', () => {
    // Without the worker SQLite's own automatic checkpoint still bounds the log.
    stopped = true;
  });
  return {
    stop() {
      if (stopped) return;
      stopped = true;
      if (Atomics.compareExchange(state, 0, STARTING, STOPPING) === OPEN) {
        Atomics.store(state, 0, STOPPING);
        Atomics.notify(state, 0);
        // Its connection closes once a checkpoint under way ends, then the caller's is the last.
        const until = Date.now() + STOP_WAIT_MS;
        while (Atomics.load(state, 0) !== STOPPED && Date.now() < until) {
          Atomics.wait(state, 0, STOPPING, until - Date.now());
        }
      }
      void worker.terminate();
    },
  };
}
