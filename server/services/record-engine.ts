/**
 * The one change path of every kind of record kept by the record engine: idempotent creates,
 * reads now and as of a date, edits guarded by the version the editor saw, archive and restore
 * with a reason, and history, each answered as the reader may see it. A kind's service adds
 * only what is its own: the checks of its fields and the steps of its workflow.
 */
import { notYetThen, pastForStaff, refuseFutureAsOf, stateAsOf } from '../domain/as-of.ts';
import { can, permissionsOf, type Principal } from '../domain/access/permissions.ts';
import type { Clock } from '../domain/clock.ts';
import { endOfLocalDay, localDate } from '../domain/dates.ts';
import type { KindIdentity, KindReader, VersionedRecord } from '../domain/engine/record-kind.ts';
import type { Page, RecordRepository, VersionEntry } from '../store/store.ts';
import { recordRefusals } from './record-refusals.ts';

/** The instant of a change and the office's day it falls on. */
export interface At {
  now: string;
  today: string;
}

/** What a change is called in the history, the version it was made on and why. */
export interface Change {
  expected?: number;
  action: string;
  reason?: string;
}

function readerOf(actor: Principal | null): KindReader {
  return { id: actor?.id ?? null, permissions: permissionsOf(actor) };
}

/** How a change is guarded besides its version. */
export interface ChangeGuards<R> {
  /** An archived record may change (its restore). */
  allowArchived?: boolean;
  /** Refuses a change this reader may not make, before the version is compared. */
  guard?: (current: R) => void;
}

/** What a list is narrowed by, as far as the engine is concerned: archived records or not. */
interface ArchivedFilter {
  archived?: 'only' | 'include';
}

export class RecordEngine<R extends VersionedRecord, F extends ArchivedFilter, W = R> {
  readonly refusals;

  /**
   * `judge` gives a record its clocks as of a day (a missed deadline); a kind without clocks
   * answers the record as it is.
   */
  constructor(
    private readonly kind: KindIdentity<R>,
    private readonly store: RecordRepository<R, F>,
    private readonly clock: Clock,
    private readonly judge: (record: R, today: string) => W = (r) => r as unknown as W,
  ) {
    this.refusals = recordRefusals(kind.noun);
  }

  at(): At {
    const now = this.clock.now();
    return { now: now.toISOString(), today: localDate(now) };
  }

  /** What a reader sees: the record with its clocks as of a day, then only what they may see. */
  view(actor: Principal | null, today: string): (record: R) => W {
    const reader = readerOf(actor);
    return (r) => this.judge(this.kind.redact(r, reader), today);
  }

  /**
   * Creates a record from what `build` makes of the moment; the same client id sent again
   * answers the first record, not a copy. `build` refuses what is wrong before anything is written.
   */
  async create(
    id: string | undefined,
    actor: Principal | null,
    build: (at: At, user: string | null) => R | Promise<R>,
  ): Promise<{ feature: W; created: boolean }> {
    const at = this.at();
    const view = this.view(actor, at.today);
    const store = this.store;
    const existing = id ? await store.get(id) : undefined;
    if (existing) return { feature: view(existing), created: false };
    const user = actor?.id ?? null;
    const record = await build(at, user);
    if (!(await store.insert(record, 'create', { user, at: at.now }))) {
      // Two sends of one create raced (an offline capture sent twice); the first one won.
      const first = await store.get(record.id);
      if (first) return { feature: view(first), created: false };
    }
    return { feature: view(record), created: true };
  }

  /**
   * One record; an archived one only for staff, as the public map no longer shows it. With
   * `asOf`, as it stood at the end of that day, its clocks judged on that day.
   */
  async get(id: string, actor: Principal | null, asOf?: string): Promise<W> {
    const store = this.store;
    const staff = can(actor, 'records:read');
    let record: R | null | undefined;
    if (asOf) {
      if (this.kind.pastForStaff && !staff) throw pastForStaff();
      refuseFutureAsOf(asOf, this.at().today);
      record = stateAsOf(await store.history(id), endOfLocalDay(asOf));
      if (!record) throw (await store.get(id)) ? notYetThen(id, asOf) : this.refusals.notFound(id);
    } else {
      record = await store.get(id);
    }
    if (!record || (record.properties.archived_at && !staff)) throw this.refusals.notFound(id);
    return this.view(actor, asOf ?? this.at().today)(record);
  }

  /** The records matching a filter, now or as they stood at the end of the day `asOf`. */
  async list(filter: F, asOf: string | undefined, actor: Principal | null): Promise<Page<W>> {
    const staff = can(actor, 'records:read');
    if (asOf && this.kind.pastForStaff && !staff) throw pastForStaff();
    const today = this.at().today;
    refuseFutureAsOf(asOf, today);
    const full: F = { ...filter, archived: staff ? filter.archived : undefined };
    const store = this.store;
    const page = asOf ? await store.listAsOf(endOfLocalDay(asOf), full) : await store.list(full);
    // The clocks of the past are judged on that day, as the office saw them then.
    return { total: page.total, items: page.items.map(this.view(actor, asOf ?? today)) };
  }

  /** Every version of a record, oldest first, each state as the reader may see it. */
  async history(id: string, actor: Principal | null): Promise<VersionEntry<R>[]> {
    const store = this.store;
    if (!(await store.get(id))) throw this.refusals.notFound(id);
    const reader = readerOf(actor);
    const redact = (r: R | null) => r && this.kind.redact(r, reader);
    const history = await store.history(id);
    return history.map((e) => ({ ...e, before: redact(e.before), after: redact(e.after) }));
  }

  /** Takes a record off the map (archive) or puts it back (restore); the reason is audited. */
  setArchived(
    id: string,
    archive: boolean,
    input: { version?: number; reason: string },
    actor: Principal | null,
  ): Promise<W> {
    const change = { expected: input.version, action: archive ? 'archive' : 'restore' };
    return this.change(
      id,
      { ...change, reason: input.reason },
      actor,
      (current, at) => {
        const p = current.properties;
        if (archive === (p.archived_at !== null)) throw this.refusals.alreadyThere(id, archive);
        const archived_at = archive ? at.now : null;
        return {
          ...current,
          properties: { ...p, archived_at, updated_at: at.now, version: p.version + 1 },
        };
      },
      { allowArchived: true },
    );
  }

  /**
   * A change of one record: refused when it is unknown, archived (unless `allowArchived`), not
   * this reader's to make (`guard`) or no longer at the version the editor saw. `next` makes the
   * new state (it may read: the write's own version check still guards it) and answers the
   * record itself when nothing changes, in which case nothing is written.
   */
  async change(
    id: string,
    change: Change,
    actor: Principal | null,
    next: (current: R, at: At) => R | Promise<R>,
    { allowArchived = false, guard }: ChangeGuards<R> = {},
  ): Promise<W> {
    const at = this.at();
    const store = this.store;
    const current = await store.get(id);
    if (!current) throw this.refusals.notFound(id);
    if (current.properties.archived_at && !allowArchived) throw this.refusals.archived(id);
    // Whose record it is decides before its version does: reloading would not make it theirs.
    guard?.(current);
    if (change.expected !== undefined && change.expected !== current.properties.version) {
      throw this.refusals.conflict(current.properties.version);
    }
    const changed = await next(current, at);
    const view = this.view(actor, at.today);
    if (changed === current) return view(current);
    const audit = { user: actor?.id ?? null, at: at.now, reason: change.reason };
    if (!(await store.update(changed, current.properties.version, change.action, audit))) {
      throw this.refusals.conflict((await store.get(id))?.properties.version ?? 0);
    }
    return view(changed);
  }
}
