/**
 * The SQLite store's readers: a few worker threads, each with a read-only connection, that answer
 * the repositories' read calls off the server's thread. A read waits in one queue for a free
 * reader, then has a time budget: past it, the caller gets `storeBusy` (503) at once and the
 * reader still busy with it is replaced by a fresh one, so the pool keeps its size whatever one
 * read costs. The wait in the queue is bounded by the reads ahead (each within its budget) and by
 * the queue's length: past it a read is refused at once rather than left to wait for minutes.
 *
 * Reads come in three lanes. A quick one (a record by its id, its history) goes first; heavy
 * ones (pages, counts, whole layers) never hold every reader at once, so a record opened on a
 * phone does not wait behind them; and slow ones (a map as of a date, a month's counts, a page of
 * thousands of records), the costliest by far, run on one reader at most and at a lower thread
 * priority still (read-worker.ts): however many are asked for, today's pages go on, and they get
 * the cores first.
 */
import { Worker } from 'node:worker_threads';
import { DomainError } from '../../domain/errors.ts';
import { callerSignal } from '../caller.ts';
import { storeBusy } from '../store-errors.ts';
import { workerBundle } from '../../worker-bundle.ts';

export interface ReadRequest {
  id: number;
  repository: string;
  method: string;
  args: unknown[];
  lane: ReadLane;
}

export type ReadAnswer =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: { name: string; message: string } };

/**
 * `quick`: one record or a few, by key; `heavy`: anything that grows with the records; `slow`:
 * states read back from the version history, and pages of thousands of records.
 */
export type ReadLane = 'quick' | 'heavy' | 'slow';

interface Pending extends ReadRequest {
  budgetMs: number;
  lane: ReadLane;
  resolve(value: unknown): void;
  reject(error: Error | DomainError): void;
  timer?: NodeJS.Timeout;
}

/**
 * Reads that may wait in a lane, per reader, before a new one is refused: far more than the
 * requests a server holds open at once in normal use, so only a flood meets it.
 */
const QUEUE_PER_READER = 512;

interface Reader {
  worker: Worker;
  /** Its code is loaded and its connection open. */
  ready: boolean;
  /** The read it answers now, if any. */
  current: Pending | null;
  /**
   * It has run a slow read, at the lower priority: without privileges a thread cannot raise its
   * priority back, so slow reads go to such a reader first and other reads to the others.
   */
  lowered: boolean;
}

export interface ReadPoolStats {
  readers: number;
  busy: number;
  queued: number;
  /** Reads abandoned past their budget since the pool opened. */
  abandoned: number;
}

export class ReadPool {
  readonly #readers: Reader[] = [];
  readonly #queues: Record<ReadLane, Pending[]> = { quick: [], heavy: [], slow: [] };
  #nextId = 1;
  #abandoned = 0;
  #closed = false;

  constructor(
    private readonly path: string,
    private readonly size: number,
  ) {
    if (!(size >= 1)) throw new Error(`A read pool needs at least one reader, not ${size}`);
    // Readers start now: loading a reader's code takes a moment that no first read should wait.
    while (this.#spawn());
  }

  /** Runs `repository.method(...args)` on a reader; rejects with `storeBusy` past the budget. */
  read<T>(
    repository: string,
    method: string,
    args: unknown[],
    budgetMs: number,
    lane: ReadLane = 'heavy',
  ): Promise<T> {
    if (this.#closed) return Promise.reject(new Error('The store is closed'));
    if (this.#queues[lane].length >= QUEUE_PER_READER * this.size) {
      this.#abandoned++;
      return Promise.reject(storeBusy(budgetMs));
    }
    const signal = callerSignal();
    if (signal?.aborted) return Promise.reject(callerGone());
    return new Promise<T>((resolve, reject) => {
      const pending: Pending = {
        id: this.#nextId++,
        repository,
        method,
        args,
        budgetMs,
        lane,
        resolve: resolve as (value: unknown) => void,
        reject,
      };
      if (signal) {
        // Once answered, the pending read no longer listens.
        const leave = () => this.#callerLeft(pending);
        signal.addEventListener('abort', leave, { once: true });
        const settle = { resolve: pending.resolve, reject: pending.reject };
        pending.resolve = (value) => {
          signal.removeEventListener('abort', leave);
          settle.resolve(value);
        };
        pending.reject = (error) => {
          signal.removeEventListener('abort', leave);
          settle.reject(error);
        };
      }
      this.#queues[lane].push(pending);
      this.#dispatch();
    });
  }

  stats(): ReadPoolStats {
    return {
      readers: this.#readers.length,
      busy: this.#readers.filter((r) => r.current).length,
      queued: this.#waiting(),
      abandoned: this.#abandoned,
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const p of Object.values(this.#queues).flatMap((q) => q.splice(0))) {
      clearTimeout(p.timer);
      p.reject(new Error('The store was closed before this read ran'));
    }
    await Promise.all(this.#readers.splice(0).map((r) => r.worker.terminate()));
  }

  #dispatch(): void {
    this.#dispatchQueued();
    // A read asked for keeps the process alive until it is answered; an idle pool does not.
    const waiting = this.#waiting();
    for (const r of this.#readers) {
      if (r.current || waiting) r.worker.ref();
      else r.worker.unref();
    }
  }

  #waiting(): number {
    const q = this.#queues;
    return q.quick.length + q.heavy.length + q.slow.length;
  }

  #running(lane: ReadLane): number {
    return this.#readers.filter((r) => r.current?.lane === lane).length;
  }

  /**
   * The next read to run: a quick one first; then heavy and slow ones on all readers but one
   * (so a quick read always finds one soon), a slow one on one reader at most, and the read
   * waiting longest between those two lanes first.
   */
  #next(): Pending | undefined {
    const q = this.#queues;
    if (q.quick.length) return q.quick.shift();
    if (this.#running('heavy') + this.#running('slow') >= Math.max(1, this.size - 1)) {
      return undefined;
    }
    const slow = this.#running('slow') < 1 ? q.slow[0] : undefined;
    const heavy = q.heavy[0];
    if (slow && (!heavy || slow.id < heavy.id)) return q.slow.shift();
    return heavy ? q.heavy.shift() : undefined;
  }

  #dispatchQueued(): void {
    while (this.#waiting()) {
      const free = this.#readers.filter((r) => r.ready && !r.current);
      if (!free.length) {
        this.#spawn();
        return;
      }
      const pending = this.#next();
      if (!pending) return;
      const slow = pending.lane === 'slow';
      const reader = free.find((r) => r.lowered === slow) ?? free[0]!;
      reader.lowered ||= slow;
      reader.current = pending;
      pending.timer = setTimeout(() => this.#overBudget(pending), pending.budgetMs);
      const { id, repository, method, args, lane } = pending;
      reader.worker.postMessage({ id, repository, method, args, lane } satisfies ReadRequest);
    }
  }

  /** A new reader while the pool is under its size; null when it is full. */
  #spawn(): Reader | null {
    if (this.#readers.length >= this.size) return null;
    const entry = workerBundle(
      new URL('./read-worker.ts', import.meta.url),
      new URL('./read-worker.mjs', import.meta.url),
    );
    const worker = new Worker(entry, {
      workerData: { path: this.path },
      // Not the parent's loader flags: the bundle needs none, and the tsx entry registers its own.
      execArgv: [],
    });
    const reader: Reader = { worker, ready: false, current: null, lowered: false };
    worker.on('message', (message: ReadAnswer | { ready: true }) => {
      if ('id' in message) return this.#answered(reader, message);
      reader.ready = true;
      this.#dispatch();
    });
    worker.on('error', (error) => this.#lost(reader, error));
    worker.on('exit', (code) => this.#lost(reader, new Error(`A reader stopped (exit ${code})`)));
    worker.unref();
    this.#readers.push(reader);
    return reader;
  }

  #answered(reader: Reader, answer: ReadAnswer): void {
    const pending = reader.current;
    // An answer for a read already abandoned comes from a reader that is being replaced.
    if (!pending || pending.id !== answer.id) return;
    reader.current = null;
    clearTimeout(pending.timer);
    if (answer.ok) pending.resolve(answer.value);
    else
      pending.reject(Object.assign(new Error(answer.error.message), { name: answer.error.name }));
    this.#dispatch();
  }

  /**
   * The caller of a read still in a queue has gone: the read is dropped, unrun. One already on a
   * reader runs to its end (a statement cannot be stopped from outside its thread, and a new
   * reader costs more than the rest of the read).
   */
  #callerLeft(pending: Pending): void {
    const queue = this.#queues[pending.lane];
    const at = queue.indexOf(pending);
    if (at < 0) return;
    queue.splice(at, 1);
    pending.reject(callerGone());
    this.#dispatch();
  }

  #overBudget(pending: Pending): void {
    this.#abandoned++;
    pending.reject(storeBusy(pending.budgetMs));
    const reader = this.#readers.find((r) => r.current === pending);
    if (!reader) return;
    // A statement cannot be interrupted from outside its thread: the reader is let go, and a
    // fresh one takes its place for the reads waiting.
    this.#remove(reader);
    void reader.worker.terminate();
    this.#dispatch();
  }

  /** A reader that died: its read fails, and a fresh reader serves the queue. */
  #lost(reader: Reader, error: Error): void {
    if (!this.#remove(reader)) return;
    const pending = reader.current;
    if (pending) {
      clearTimeout(pending.timer);
      pending.reject(error);
    }
    if (!this.#closed) this.#dispatch();
  }

  #remove(reader: Reader): boolean {
    const i = this.#readers.indexOf(reader);
    if (i < 0) return false;
    this.#readers.splice(i, 1);
    return true;
  }
}

/**
 * What a read dropped for its gone caller answers. Nobody reads it; a refusal rather than a fault,
 * so that a client closing its connection is not logged as the server's error.
 */
function callerGone(): DomainError {
  return new DomainError('BUSY', {
    vi: 'Yêu cầu đã bị đóng trước khi được đọc.',
    en: 'The request was closed before its read ran.',
  });
}
