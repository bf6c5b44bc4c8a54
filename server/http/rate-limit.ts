/**
 * Limits kept in memory, enough for one server process: failures per key in a sliding window
 * (sign-in, where a guessing attack is the threat), a token bucket per key (public and token
 * reads, server/http/read-limits.ts), and a gate that lets only so many requests run at once.
 */

/**
 * Counts failures per key in a sliding window. Used for sign-in; a signed-in user's API use is
 * never limited by it.
 */
export class FailureLimiter {
  readonly #failures = new Map<string, number[]>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  #recent(key: string, now: number): number[] {
    const kept = (this.#failures.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (kept.length) this.#failures.set(key, kept);
    else this.#failures.delete(key);
    return kept;
  }

  /** Milliseconds until the key may try again, or 0 when it may now. */
  retryAfter(key: string, now: number): number {
    const recent = this.#recent(key, now);
    return recent.length < this.max ? 0 : recent[0]! + this.windowMs - now;
  }

  /**
   * Counts a failure at `now`. Call it before a slow check (a password's derivation) so that
   * attempts sent at once all count, and take it back with `forgive` when the attempt succeeds.
   */
  fail(key: string, now: number): void {
    this.#failures.set(key, [...this.#recent(key, now), now]);
    if (this.#failures.size > 100_000) this.#prune(now);
  }

  /** Takes back one failure counted at `at`: the attempt it stood for succeeded. */
  forgive(key: string, at: number): void {
    const failures = this.#failures.get(key);
    const i = failures?.lastIndexOf(at) ?? -1;
    if (!failures || i < 0) return;
    failures.splice(i, 1);
    if (!failures.length) this.#failures.delete(key);
  }

  reset(key: string): void {
    this.#failures.delete(key);
  }

  /** A flood of distinct keys cannot grow the map without end. */
  #prune(now: number): void {
    for (const key of [...this.#failures.keys()]) this.#recent(key, now);
  }
}

const MINUTE_MS = 60_000;

/**
 * A token bucket per key: a key may spend `perMinute` units at once, and they come back at
 * `perMinute` a minute. A request costs one unit or more (an expensive one many). The map holds
 * at most `maxKeys` keys: a flood of distinct keys first drops those whose bucket is full again
 * (the same as never seen), then the least recently used, so memory stays bounded whatever comes.
 */
export class TokenBuckets {
  /** Units left at `at`; a Map keeps insertion order, and a key used is put last. */
  readonly #buckets = new Map<string, { units: number; at: number }>();

  constructor(
    readonly perMinute: number,
    readonly maxKeys = 100_000,
  ) {
    if (!(perMinute > 0)) throw new Error('a token bucket needs a rate above 0');
  }

  /** Keys kept now. */
  get size(): number {
    return this.#buckets.size;
  }

  #unitsAt(bucket: { units: number; at: number } | undefined, now: number): number {
    if (!bucket) return this.perMinute;
    const refilled = (Math.max(0, now - bucket.at) * this.perMinute) / MINUTE_MS;
    return Math.min(this.perMinute, bucket.units + refilled);
  }

  /**
   * Spends `cost` units of the key at `now` (never more than a full bucket holds, so any request
   * can pass once the bucket is full). Answers 0 when they were spent, otherwise the milliseconds
   * until they will be there, and spends nothing.
   */
  take(key: string, cost: number, now: number): number {
    const units = this.#unitsAt(this.#buckets.get(key), now);
    const wanted = Math.min(cost, this.perMinute);
    this.#buckets.delete(key);
    if (units < wanted) {
      this.#buckets.set(key, { units, at: now });
      return Math.max(1, Math.ceil(((wanted - units) * MINUTE_MS) / this.perMinute));
    }
    this.#buckets.set(key, { units: units - wanted, at: now });
    if (this.#buckets.size > this.maxKeys) this.#prune(now);
    return 0;
  }

  #prune(now: number): void {
    for (const [key, bucket] of this.#buckets) {
      if (this.#unitsAt(bucket, now) >= this.perMinute) this.#buckets.delete(key);
    }
    // Still full of keys in use: the least recently used go, down to nine tenths, so the next
    // prune is as many new keys away.
    const keep = Math.floor(this.maxKeys * 0.9);
    for (const key of this.#buckets.keys()) {
      if (this.#buckets.size <= keep) break;
      this.#buckets.delete(key);
    }
  }
}

/** Ends a turn through a Gate; calling it again does nothing. */
export type Leave = () => void;

/**
 * Lets at most `atOnce` holders in at a time; others wait in turn, each at most the time it
 * asked, and at most `maxWaiting` of them (more are refused at once). A place that frees is given
 * to the next waiter on the next turn of the event loop, so requests already waiting for I/O (a
 * health check, a write) run between two expensive ones.
 */
export class Gate {
  #inside = 0;
  readonly #waiting: Array<(leave: Leave) => void> = [];
  #waking = false;

  constructor(
    readonly atOnce: number,
    readonly maxWaiting = atOnce * 8,
  ) {
    if (!(atOnce >= 1)) throw new Error('a gate lets at least one in');
  }

  get inside(): number {
    return this.#inside;
  }
  get waiting(): number {
    return this.#waiting.length;
  }

  /** Enters at once when there is room and no one waits; otherwise waits up to `waitMs`. */
  enter(waitMs: number): Promise<Leave | null> {
    if (this.#inside < this.atOnce && this.#waiting.length === 0) {
      return Promise.resolve(this.#admit());
    }
    if (waitMs <= 0 || this.#waiting.length >= this.maxWaiting) return Promise.resolve(null);
    return new Promise((resolve) => {
      const waiter = (leave: Leave) => {
        clearTimeout(timer);
        resolve(leave);
      };
      const timer = setTimeout(() => {
        this.#waiting.splice(this.#waiting.indexOf(waiter), 1);
        resolve(null);
      }, waitMs);
      this.#waiting.push(waiter);
    });
  }

  #admit(): Leave {
    this.#inside++;
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.#inside--;
      this.#wake();
    };
  }

  #wake(): void {
    if (this.#waking || this.#waiting.length === 0) return;
    this.#waking = true;
    setImmediate(() => {
      this.#waking = false;
      while (this.#inside < this.atOnce && this.#waiting.length)
        this.#waiting.shift()!(this.#admit());
    });
  }
}
