/**
 * Counts failures per key in a sliding window, in memory: enough for one server process. Used for
 * sign-in, where a guessing attack is the threat; authenticated API use is never limited.
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
