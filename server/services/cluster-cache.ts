/**
 * The cluster indexes kept between requests, one per filter, and their rebuilds. A request does
 * not spend a rebuild's time when its filter has an index, however out of date: it answers from
 * that one, and a rebuild runs in the background (one at a time per filter; changes that come in
 * meanwhile make one more build when it ends, not one each). Only a filter's first index is
 * waited for, and, a moment at most, the rebuild of a small index by the request that started it:
 * a lone new report shows in the next view. The unfiltered map, the one most requests ask for, is
 * never dropped; other filters share the remaining places, the least recently used going first,
 * within a count and a total of points. A build that fails or runs out of time leaves the index
 * in hand, is logged, and is tried again later, a longer while after each failure in a row.
 */
import type { ViolationFilter } from '../store/filter.ts';
import { indexSize, type ClusterIndex } from './cluster-index.ts';

export interface CacheLimits {
  /** Indexes kept at once, the unfiltered one included. */
  maxIndexes: number;
  /** Points in all kept indexes together (the unfiltered one counts, but is never dropped). */
  maxPoints: number;
  /** A build that takes longer is given up: the index in hand goes on answering. */
  buildBudgetMs: number;
  /** Wait after a failed build before the next try, doubled after each failure in a row… */
  retryMs: number;
  /** …up to this. */
  maxRetryMs: number;
  /**
   * A request that finds its index out of date and starts the rebuild itself waits this long at
   * most for it, when the index holds at most `freshUpTo` points (a rebuild of a few milliseconds):
   * a lone new report shows in the next view. A request that finds a rebuild already running
   * does not wait; 0 turns the wait off.
   */
  freshWaitMs: number;
  freshUpTo: number;
}

export interface CacheSource {
  /** The store's revision: it moves whenever a violation changes. */
  revision(): Promise<string>;
  /** Builds a filter's index, off the thread that answers requests; gives up on the signal. */
  build(filter: ViolationFilter, signal: AbortSignal): Promise<ClusterIndex>;
  log(message: string, error: unknown): void;
}

/** One filter's index: the one answering, and what is under way to replace it. */
interface Entry {
  readonly key: string;
  readonly filter: ViolationFilter;
  readonly pinned: boolean;
  index: ClusterIndex | null;
  /** The revision the index was built at (it may hold later changes too, never fewer). */
  revision: string | null;
  points: number;
  /** The build under way, and the revision it was started at. */
  building: Promise<void> | null;
  buildingRevision: string | null;
  /** The revision moved while the build ran: one more build follows it. */
  dirty: boolean;
  /** That build, waiting for its turn; `done` once it has started (or found nothing to do). */
  followUp: { timer: ReturnType<typeof setTimeout>; done: Promise<void>; fire: () => void } | null;
  lastBuildMs: number;
  failures: number;
  /** No build before this (performance.now()), after a failure. */
  retryAt: number;
  error: Error | null;
}

/**
 * A rebuild that follows another waits as long as the last one took, up to this: under a stream
 * of writes the worker rests half the time rather than clustering without a pause.
 */
const MAX_FOLLOW_UP_DELAY_MS = 30_000;

function delay(ms: number): { promise: Promise<void>; cancel: () => void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const promise = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  return { promise, cancel: () => clearTimeout(timer) };
}

export class ClusterIndexCache {
  /** Least recently used first. */
  readonly #entries = new Map<string, Entry>();
  /** Builds under way, of kept and of dropped entries: `settled()` waits for all. */
  readonly #running = new Set<Promise<void>>();
  /** How many indexes were built. */
  builds = 0;

  constructor(
    private readonly source: CacheSource,
    private readonly limits: CacheLimits,
  ) {}

  /** How many indexes are kept, and their points together. */
  get size(): { indexes: number; points: number } {
    let points = 0;
    for (const e of this.#entries.values()) points += e.points;
    return { indexes: this.#entries.size, points };
  }

  /**
   * The index for a filter: the one in hand, however out of date (a rebuild is started if none
   * runs); only when there is none yet is its build waited for.
   */
  async get(key: string, filter: ViolationFilter, pinned: boolean): Promise<ClusterIndex> {
    const entry = this.#touch(key, filter, pinned);
    const revision = await this.source.revision();
    if (entry.index && entry.revision === revision) return entry.index;
    const started = this.#refresh(entry, revision);
    if (entry.index) {
      const { freshWaitMs, freshUpTo } = this.limits;
      if (started && freshWaitMs > 0 && entry.points <= freshUpTo && entry.building) {
        const timeout = delay(freshWaitMs);
        // A failed build is logged and leaves the index as it was.
        await Promise.race([entry.building.catch(() => {}), timeout.promise]);
        timeout.cancel();
      }
      return entry.index;
    }
    // The first build: nothing else can answer. A failure fails the request; until the retry
    // time, requests fail with the same error rather than start a build each.
    if (!entry.building) throw entry.error ?? new Error('the cluster index is not built');
    await entry.building;
    return entry.index!;
  }

  /** Resolves once no build is under way or due (tests wait for a rebuild with it). */
  async settled(): Promise<void> {
    for (;;) {
      const waits = [...this.#running];
      for (const e of this.#entries.values()) if (e.followUp) waits.push(e.followUp.done);
      if (waits.length === 0) return;
      await Promise.allSettled(waits);
    }
  }

  /** The filter's entry, made most recently used (and made, if new: another may be dropped). */
  #touch(key: string, filter: ViolationFilter, pinned: boolean): Entry {
    let entry = this.#entries.get(key);
    if (entry) {
      this.#entries.delete(key);
      this.#entries.set(key, entry);
      return entry;
    }
    entry = {
      key,
      filter,
      pinned,
      index: null,
      revision: null,
      points: 0,
      building: null,
      buildingRevision: null,
      dirty: false,
      followUp: null,
      lastBuildMs: 0,
      failures: 0,
      retryAt: 0,
      error: null,
    };
    this.#entries.set(key, entry);
    this.#evict();
    return entry;
  }

  /** Drops the least recently used filters but the unfiltered one, while over either limit. */
  #evict(): void {
    const { maxIndexes, maxPoints } = this.limits;
    let { indexes, points } = this.size;
    for (const e of [...this.#entries.values()]) {
      if (indexes <= maxIndexes && points <= maxPoints) return;
      if (e.pinned) continue;
      this.#drop(e);
      indexes--;
      points -= e.points;
    }
  }

  #drop(entry: Entry): void {
    this.#entries.delete(entry.key);
    entry.dirty = false;
    if (entry.followUp) {
      clearTimeout(entry.followUp.timer);
      entry.followUp.fire();
      entry.followUp = null;
    }
  }

  /** Starts a rebuild if it is due and none is under way or coming; says whether it did. */
  #refresh(entry: Entry, revision: string): boolean {
    if (entry.building) {
      if (entry.buildingRevision !== revision) entry.dirty = true;
      return false;
    }
    if (entry.followUp) return false;
    if (performance.now() < entry.retryAt) return false;
    this.#start(entry, revision);
    return true;
  }

  #start(entry: Entry, revision: string): void {
    entry.buildingRevision = revision;
    entry.dirty = false;
    const building = this.#build(entry, revision);
    entry.building = building;
    this.#running.add(building);
    // Settled either way: the failure was logged, and the request waiting for a first build sees it.
    building
      .catch(() => {})
      .finally(() => {
        this.#running.delete(building);
        if (entry.building === building) entry.building = null;
        if (entry.dirty && !entry.error && this.#entries.get(entry.key) === entry) {
          this.#followUp(entry);
        }
        entry.dirty = false;
      });
  }

  async #build(entry: Entry, revision: string): Promise<void> {
    const { buildBudgetMs, retryMs, maxRetryMs } = this.limits;
    const started = performance.now();
    const budget = new AbortController();
    const timer = setTimeout(
      () =>
        budget.abort(new Error(`the cluster index took longer than ${buildBudgetMs} ms to build`)),
      buildBudgetMs,
    );
    timer.unref?.();
    try {
      const aborted = new Promise<never>((_, reject) =>
        budget.signal.addEventListener('abort', () => reject(budget.signal.reason as Error)),
      );
      const index = await Promise.race([this.source.build(entry.filter, budget.signal), aborted]);
      this.builds++;
      entry.index = index;
      entry.revision = revision;
      entry.points = indexSize(index);
      entry.lastBuildMs = performance.now() - started;
      entry.failures = 0;
      entry.retryAt = 0;
      entry.error = null;
      if (this.#entries.get(entry.key) === entry) this.#evict();
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e));
      entry.failures++;
      const wait = Math.min(retryMs * 2 ** (entry.failures - 1), maxRetryMs);
      entry.retryAt = performance.now() + wait;
      entry.error = error;
      this.source.log(
        `The cluster index of ${describe(entry)} was not built (${entry.failures} in a row); ` +
          `${entry.index ? 'the previous one answers' : 'its views fail'}, the next try in ${wait / 1000} s:`,
        error,
      );
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /** One more build once the worker has rested, if the revision is still ahead of the index. */
  #followUp(entry: Entry): void {
    const wait = Math.min(entry.lastBuildMs, MAX_FOLLOW_UP_DELAY_MS);
    let fire = () => {};
    const done = new Promise<void>((resolve) => (fire = resolve));
    const timer = setTimeout(() => {
      void (async () => {
        try {
          const revision = await this.source.revision();
          if (entry.followUp?.timer !== timer) return;
          entry.followUp = null;
          if (entry.building || entry.revision === revision) return;
          if (this.#entries.get(entry.key) === entry) this.#start(entry, revision);
        } catch (e) {
          entry.followUp = null;
          this.source.log(`The cluster index of ${describe(entry)} was not rebuilt:`, e);
        } finally {
          fire();
        }
      })();
    }, wait);
    timer.unref?.();
    entry.followUp = { timer, done, fire };
  }
}

/** A filter for the log, without the words searched for (they may name a person). */
function describe(entry: Entry): string {
  if (entry.pinned) return 'the unfiltered map';
  const { q, limit: _l, offset: _o, ...rest } = entry.filter;
  return `the filter ${JSON.stringify(q ? { ...rest, q: '…' } : rest)}`;
}
