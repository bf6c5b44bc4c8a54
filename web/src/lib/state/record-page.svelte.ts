/**
 * One record's page, for any kind: the record and its history loaded together (only the latest
 * load shows, so a page opened as of a past day never ends up showing today's), and each change
 * run with the page busy, its error kept on the page, the history read again after it.
 */
import { ApiError } from '../api.ts';
import type { RecordHistory } from './record-state.svelte.ts';
import { latestLoad } from './latest-load.ts';
import { session } from './session.svelte.ts';
import { view } from './view.svelte.ts';

/** Where a page reads its record and the record's history: a kind's RecordState. */
interface RecordSource<W, R> {
  get(id: string, asOf: string | null): Promise<W>;
  history(id: string): Promise<RecordHistory<R>>;
}

export class RecordPage<W extends { id: string }, R> {
  record = $state.raw<W | null>(null);
  history = $state.raw<RecordHistory<R>>({ versions: [], users: {} });
  error = $state<string | null>(null);
  busy = $state(false);
  readonly #startLoad = latestLoad();

  /**
   * `source` answers the kind's state (a component's prop, read when used); `notFound` is what a
   * 404 says on the page.
   */
  constructor(
    private readonly source: () => RecordSource<W, R>,
    private readonly notFound: () => string,
  ) {}

  /**
   * Loads the record, and again whenever the reader or the date of the view changes (a past map
   * shows that day's); `reset` runs first each time (a form left open closes). Call it while the
   * page's component starts.
   */
  follow(id: () => string, onloaded?: (record: W) => void, reset?: () => void): void {
    $effect(() => {
      void session.viewKey;
      reset?.();
      const asOf = view.recordAsOf;
      if (asOf !== undefined) {
        void this.load(id(), asOf).then((loaded) => loaded && onloaded?.(loaded));
      }
    });
  }

  #read = (id: string, asOf: string | null) => this.source().get(id, asOf);
  /** An empty history to a reader who may not see it. */
  #readHistory = (id: string): Promise<RecordHistory<R>> =>
    session.can('records:read')
      ? this.source().history(id)
      : Promise.resolve({ versions: [], users: {} });

  async load(id: string, asOf: string | null): Promise<W | null> {
    const isLatest = this.#startLoad();
    this.error = null;
    try {
      const [record, history] = await Promise.all([this.#read(id, asOf), this.#readHistory(id)]);
      if (!isLatest()) return null;
      [this.record, this.history] = [record, history];
      return record;
    } catch (e) {
      if (!isLatest()) return null;
      this.record = null;
      this.error =
        e instanceof ApiError && e.status === 404 ? this.notFound() : (e as Error).message;
      return null;
    }
  }

  /** Runs one change of the record, then reads its history again; false when it was refused. */
  async change(run: (current: W) => Promise<W>): Promise<boolean> {
    const current = this.record;
    if (!current) return false;
    this.busy = true;
    this.error = null;
    try {
      this.record = await run(current);
      this.history = await this.#readHistory(current.id);
      return true;
    } catch (e) {
      this.error = (e as Error).message;
      return false;
    } finally {
      this.busy = false;
    }
  }

  /** After a form saved the record: shows it and reads its history again. */
  async saved(record: W): Promise<void> {
    this.record = record;
    this.history = await this.#readHistory(record.id);
  }
}
