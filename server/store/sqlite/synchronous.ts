/**
 * The store contract as one SQLite connection answers it: the same calls, each answered at once
 * (better-sqlite3 is synchronous). The SQLite store runs these on the writer's connection and,
 * for reads, on the connections of its worker threads, and answers the contract's promises.
 */
type Sync<F> = F extends (...args: infer A) => Promise<infer T>
  ? (...args: A) => T
  : F extends (...args: infer A) => AsyncIterableIterator<infer T>
    ? (...args: A) => IterableIterator<T>
    : F;

export type Synchronous<R> = { [K in keyof R]: Sync<R[K]> };
