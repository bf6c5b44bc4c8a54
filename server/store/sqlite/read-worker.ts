/**
 * One reader of the SQLite store's pool: a read-only connection of its own in a worker thread,
 * answering the repositories' read calls one at a time. WAL lets it read while the server's
 * thread writes; each statement sees what was committed when it began.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { openReadConnection } from './database.ts';
import { openRepositories, type RepositoryName } from './repositories.ts';
import type { ReadRequest, ReadAnswer } from './read-pool.ts';

/**
 * A reader gives way to the server's thread: on a machine with few cores, reads that run for
 * seconds would otherwise take the cores from the thread that answers every request, and a
 * health check or an inspector's report would wait behind them. On Linux a thread has a nice
 * value of its own, set through its thread id; elsewhere the reader keeps the process's.
 */
/**
 * A third of the server thread's share of a busy core (Linux weighs nice 5 at 335 to nice 0's
 * 1024): enough for requests to go first, not so little that pages starve behind the writes.
 */
const READER_NICE = 5;
/**
 * A slow read (a past map, thousands of records) weighs a third of a page's (nice 10: 110): it
 * takes seconds whatever it gets, while a page waiting behind it for a core would take as long.
 */
const SLOW_NICE = 10;

/** This thread's id for setpriority(2); null where threads have none to give (not Linux). */
const THREAD_ID = (() => {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(tid) && tid > 0 ? tid : null;
  } catch {
    return null;
  }
})();
let niceNow = 0;

function giveWay(nice: number): void {
  if (THREAD_ID === null || nice === niceNow) return;
  try {
    setPriority(THREAD_ID, nice);
    niceNow = nice;
  } catch {
    // Not allowed (raising a thread's priority back needs privileges; lowering never does):
    // the reader keeps the priority it has.
  }
}

giveWay(READER_NICE);
const db = openReadConnection((workerData as { path: string }).path);
const repositories = openRepositories(db);

/**
 * The bytes an answer carries (a page as text, read-pool's biggest answers) move to the server's
 * thread instead of being copied there: only when they have their memory to themselves.
 */
function transferList(answer: ReadAnswer): ArrayBuffer[] {
  const text = answer.ok ? (answer.value as { text?: unknown } | null)?.text : undefined;
  if (!(text instanceof Uint8Array) || !(text.buffer instanceof ArrayBuffer)) return [];
  return text.byteOffset === 0 && text.byteLength === text.buffer.byteLength ? [text.buffer] : [];
}

parentPort!.on('message', (request: ReadRequest) => {
  giveWay(request.lane === 'slow' ? SLOW_NICE : READER_NICE);
  let answer: ReadAnswer;
  try {
    const repository = repositories[request.repository as RepositoryName] as unknown as Record<
      string,
      (...args: unknown[]) => unknown
    >;
    answer = { id: request.id, ok: true, value: repository[request.method]!(...request.args) };
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    answer = { id: request.id, ok: false, error: { name: e.name, message: e.message } };
  }
  parentPort!.postMessage(answer, transferList(answer));
});
parentPort!.postMessage({ ready: true });
