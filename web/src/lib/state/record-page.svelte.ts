/**
 * One record's page, for any kind: the record and its history loaded together (only the latest
 * load shows, so a page opened as of a past day never ends up showing today's), and each change
 * run with the page busy, its error kept on the page, the history read again after it.
 */
import { ApiError } from '../api.ts';
import type { RecordHistory } from './record-state.svelte.ts';
import { latestLoad } from './latest-load.ts';

export class RecordPage<W extends { id: string }, R> {
  record = $state.raw<W | null>(null);
  history = $state.raw<RecordHistory<R>>({ versions: [], users: {} });
  error = $state<string | null>(null);
  busy = $state(false);
  readonly #startLoad = latestLoad();

  /**
   * `readHistory` answers an empty history to a reader who may not see it; `notFound` is what a
   * 404 says on the page.
   */
  constructor(
    private readonly read: (id: string, asOf: string | null) => Promise<W>,
    private readonly readHistory: (id: string) => Promise<RecordHistory<R>>,
    private readonly notFound: () => string,
  ) {}

  async load(id: string, asOf: string | null): Promise<W | null> {
    const isLatest = this.#startLoad();
    this.error = null;
    try {
      const [record, history] = await Promise.all([this.read(id, asOf), this.readHistory(id)]);
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
      this.history = await this.readHistory(current.id);
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
    this.history = await this.readHistory(record.id);
  }
}
