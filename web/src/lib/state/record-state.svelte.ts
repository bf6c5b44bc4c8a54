/**
 * The records of one kind a panel lists, and every write to them, for any kind on the record
 * engine: a kind gives the calls of its API (`KindApi`), this keeps the list in step with what
 * each write answered (an archived record leaves it).
 */
import type { VersionEntry } from '../../../../server/store/store.ts';
import type { UserName } from '../../../../server/services/audit.ts';

/** Who made which change: users by id, as the API names them. */
export type UserNames = Record<string, UserName>;

/** A record's versions with the names of the users who wrote them, as the API answers them. */
export interface RecordHistory<R> {
  versions: VersionEntry<R>[];
  users: UserNames;
}

/** The calls of one kind's API: `/api/{kind}`, its step, archive, restore and history. */
export interface KindApi<W, C, U, S, R> {
  list(query: Record<string, string>): Promise<W[]>;
  /** As it is now, or as it stood at the end of `asOf`. */
  get(id: string, asOf: string | null): Promise<W>;
  create(input: C): Promise<W>;
  update(id: string, patch: U): Promise<W>;
  step(id: string, step: S): Promise<W>;
  setArchived(id: string, archive: boolean, body: { reason: string; version: number }): Promise<W>;
  history(id: string): Promise<RecordHistory<R>>;
}

interface Listed {
  id: string;
  properties: { archived_at: string | null };
}

export class RecordState<W extends Listed, C, U, S, R = W> {
  #items = $state.raw<W[]>([]);
  #error = $state<string | null>(null);
  #loaded = $state(false);

  constructor(private readonly api: KindApi<W, C, U, S, R>) {}

  get items(): W[] {
    return this.#items;
  }
  get error(): string | null {
    return this.#error;
  }
  /** True once a first list has come (tests and empty-state text wait for it). */
  get loaded(): boolean {
    return this.#loaded;
  }

  async load(query: Record<string, string> = {}): Promise<void> {
    try {
      this.#items = await this.api.list(query);
      this.#error = null;
    } catch (e) {
      this.#error = (e as Error).message;
    } finally {
      this.#loaded = true;
    }
  }

  async get(id: string, asOf: string | null = null): Promise<W> {
    const record = await this.api.get(id, asOf);
    // A past state is the day's, not the list's.
    if (!asOf) this.#put(record);
    return record;
  }

  create = (input: C) => this.#written(this.api.create(input));
  update = (id: string, patch: U) => this.#written(this.api.update(id, patch));
  step = (id: string, step: S) => this.#written(this.api.step(id, step));
  /** Takes a record off the map (archive) or puts it back (restore), with the reason why. */
  setArchived = (id: string, archive: boolean, reason: string, version: number) =>
    this.#written(this.api.setArchived(id, archive, { reason, version }));
  history = (id: string) => this.api.history(id);

  async #written(write: Promise<W>): Promise<W> {
    const record = await write;
    this.#put(record);
    return record;
  }

  #put(record: W): void {
    const index = this.#items.findIndex((r) => r.id === record.id);
    if (record.properties.archived_at) {
      if (index !== -1) this.#items = this.#items.toSpliced(index, 1);
    } else if (index === -1) {
      this.#items = [record, ...this.#items];
    } else {
      this.#items = this.#items.with(index, record);
    }
  }
}
