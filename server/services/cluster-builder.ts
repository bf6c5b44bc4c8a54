/**
 * Builds cluster indexes in a worker thread: at a million records reading the positions and
 * clustering them takes seconds, which the thread that answers requests must not spend. One worker
 * for the process, started at the first build, one job at a time (the machine may have two cores);
 * it keeps the process alive only while it has work.
 */
import { Worker } from 'node:worker_threads';
import type { BuildJob, BuildReply, IndexSource } from './cluster-build.ts';
import { unpackIndex, type ClusterIndex, type IndexOptions } from './cluster-index.ts';
import { workerBundle } from '../worker-bundle.ts';

export type { IndexSource } from './cluster-build.ts';

/** What builds an index: the worker, or a stand-in in tests. */
export interface IndexBuilder {
  /**
   * Builds an index of the source's positions. An abort (the caller's time budget ran out)
   * rejects the build with the signal's reason, and stops the work where the builder can.
   */
  build(source: IndexSource, options: IndexOptions, signal?: AbortSignal): Promise<ClusterIndex>;
  /** Gets ready for a first build (a worker takes a second or two to load its code). */
  warm?(): void;
}

interface Pending {
  options: IndexOptions;
  resolve: (index: ClusterIndex) => void;
  reject: (error: Error) => void;
}

export class WorkerIndexBuilder implements IndexBuilder {
  #thread: { worker: Worker; pending: Map<number, Pending> } | null = null;
  #next = 1;

  build(source: IndexSource, options: IndexOptions, signal?: AbortSignal): Promise<ClusterIndex> {
    if (signal?.aborted) return Promise.reject(signal.reason as Error);
    const thread = this.#start();
    const { worker, pending } = thread;
    const id = this.#next++;
    const job: BuildJob = { id, source, options };
    const built = new Promise<ClusterIndex>((resolve, reject) => {
      pending.set(id, { options, resolve, reject });
      worker.ref();
      // Positions read here are handed over, not copied.
      worker.postMessage(
        job,
        'positions' in source ? [source.positions.buffer as ArrayBuffer] : [],
      );
    });
    if (!signal) return built;
    const abort = () => {
      const job = pending.get(id);
      if (!job) return;
      // The worker takes its jobs in order: the oldest one waiting for its reply is under way.
      const running = pending.keys().next().value === id;
      pending.delete(id);
      if (pending.size === 0) worker.unref();
      job.reject(signal.reason as Error);
      // A job under way holds the thread until it ends, and every later build waits behind it:
      // the worker is stopped (its other jobs fail, and are tried again), the next build starts
      // another. A job still queued is only forgotten: its reply is dropped.
      if (running) {
        if (this.#thread === thread) this.#thread = null;
        void worker.terminate();
      }
    };
    signal.addEventListener('abort', abort, { once: true });
    return built.finally(() => signal.removeEventListener('abort', abort));
  }

  warm(): void {
    this.#start();
  }

  /** Stops the worker; builds under way fail. */
  async close(): Promise<void> {
    const thread = this.#thread;
    this.#thread = null;
    await thread?.worker.terminate();
  }

  #start() {
    if (this.#thread) return this.#thread;
    const worker = new Worker(
      workerBundle(
        new URL('./cluster-build.ts', import.meta.url),
        new URL('./cluster-worker.mjs', import.meta.url),
      ),
    );
    const thread = { worker, pending: new Map<number, Pending>() };
    const { pending } = thread;
    worker.on('message', (reply: BuildReply) => {
      const job = pending.get(reply.id);
      if (!job) return;
      pending.delete(reply.id);
      if (pending.size === 0) worker.unref();
      if ('error' in reply) job.reject(new Error(`the cluster index failed: ${reply.error}`));
      else job.resolve(unpackIndex(reply.packed, job.options));
    });
    // A worker that dies fails its jobs; the next build starts a new one.
    const fail = (error: Error) => {
      if (this.#thread === thread) this.#thread = null;
      for (const job of pending.values()) job.reject(error);
      pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the cluster worker stopped (exit code ${code})`)));
    worker.unref();
    this.#thread = thread;
    return thread;
  }
}

/** The process's builder. */
export const workerIndexBuilder = new WorkerIndexBuilder();
