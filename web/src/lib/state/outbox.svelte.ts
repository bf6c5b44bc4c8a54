/**
 * The queue of captures on this device: saved first, sent when the network allows, in order.
 * Nothing leaves the queue but by reaching the server or by the user's explicit discard; a
 * refusal stays with its reason, a sign-in asked for keeps the item waiting. A send that times
 * out or finds no network puts its capture back to wait (longer after each such failure) and the
 * round goes on with the next one: one stuck capture never holds the others back. A capture is
 * its author's: shown, sent, retried and discarded only while they are signed in; another user
 * of the device never sees it, and never sends it under their own session.
 */
import type { Feature, FeatureCollection, Point } from 'geojson';
import { untrack } from 'svelte';
import type { ViolationFeature } from '../../../../server/domain/violations/violation.ts';
import { locale } from '../i18n/locale.svelte.ts';
import { formatClock, retryDelay } from '../offline/backoff.ts';
import { kindOf, type OutboxItem, type SyncState } from '../offline/outbox-item.ts';
import type { OutboxStore } from '../offline/outbox-store.ts';
import { send, type Outcome, type Transport } from '../offline/sync.ts';
import { SessionChanged } from '../offline/session-changed.ts';
import { deviceTimeouts, type SendTimeouts } from '../offline/timeouts.ts';

export interface OutboxDeps {
  store: OutboxStore;
  transport: Transport;
  /** The signed-in user's id: only their own captures are shown and sent. */
  user: () => string | null;
  online: () => boolean;
  /** A case as the server now holds it, for the map and lists. */
  onsent: (feature: ViolationFeature) => void;
  /** How long each send may take: the device's limits (timeouts.ts) unless given. */
  timeouts?: SendTimeouts;
  /** A number in [0, 1) for the jitter of a retry's wait: Math.random unless given. */
  random?: () => number;
}

/** Saved on the device; not tried now (offline, another user's, or the answer was slow). */
export type Queued = { state: 'queued' };
const QUEUED: Queued = { state: 'queued' };

/** How long a Save waits for the server before leaving the capture to the queue. */
export const INTERACTIVE_WAIT_MS = 8000;
/** How often waiting captures with no wait of their own are tried again while the page is open. */
const RETRY_EVERY_MS = 30_000;
/** The shortest time between two rounds the timer starts. */
const TIMER_MIN_MS = 1000;
/**
 * Rounds going at once: a second one (from "Gửi ngay", or a wait that ends meanwhile) goes
 * around a send still in flight, without aborting it or waiting for it.
 */
const MAX_ROUNDS = 2;

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Whether a waiting capture's wait is over at `now` (ms). */
const due = (item: OutboxItem, now: number) =>
  !item.backoff?.at || Date.parse(item.backoff.at) <= now;

export class OutboxState {
  #items = $state.raw<OutboxItem[]>([]);
  /** Captures on their way from this tab now: none is sent twice at once. */
  readonly #inFlight = new Set<string>();
  /** Rounds going now, and whether one of them should go round once more when done. */
  readonly #rounds = new Set<Promise<void>>();
  #again = false;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #started = false;
  /** What the server answered for captures sent during this visit. */
  readonly #answers = new Map<string, ViolationFeature>();
  readonly #deps: OutboxDeps;
  readonly #timeouts: SendTimeouts;

  constructor(deps: OutboxDeps) {
    this.#deps = deps;
    this.#timeouts = deps.timeouts ?? deviceTimeouts();
  }

  /**
   * The signed-in user's captures on this device, oldest first, with those sent during this
   * visit. Another user's stay on the device, out of sight, until they sign in again.
   */
  items: OutboxItem[] = $derived.by(() => {
    const me = this.#deps.user();
    return this.#items.filter((i) => i.by.id === me);
  });

  /** Captures not on the server yet: waiting, sending or refused. */
  pending: number = $derived(this.items.filter((i) => i.state !== 'sent').length);

  /** New reports not on the server yet, as pins for the map. */
  pins: FeatureCollection<Point, { id: string; kind: string; state: SyncState }> = $derived({
    type: 'FeatureCollection',
    features: this.items.flatMap(
      (i): Feature<Point, { id: string; kind: string; state: SyncState }>[] =>
        i.create && i.state !== 'sent' && i.create.geometry.type === 'Point'
          ? [
              {
                type: 'Feature',
                geometry: i.create.geometry as unknown as Point,
                properties: { id: i.id, kind: kindOf(i) ?? 'other', state: i.state },
              },
            ]
          : [],
    ),
  });

  /** One of the signed-in user's captures. */
  find(id: string): OutboxItem | undefined {
    return this.items.find((i) => i.id === id);
  }

  /** Reads the queue from the device; a capture left "sending" by a closed page waits again. */
  async load(): Promise<void> {
    const stored = await this.#deps.store.all();
    const sent = this.#items.filter((i) => i.state === 'sent');
    this.#items = [
      ...sent,
      ...stored.map((i): OutboxItem =>
        i.state === 'sending' && !this.#inFlight.has(i.id) ? { ...i, state: 'waiting' } : i,
      ),
    ];
    this.#arm();
  }

  /**
   * Tries again when a capture's wait is over (and now and then), and at once when the device
   * is back online. Returns the stop.
   */
  start(): () => void {
    const online = () => void this.sync();
    this.#started = true;
    // Started from an effect: what the timer reads is not the effect's to follow.
    untrack(() => this.#arm());
    globalThis.addEventListener?.('online', online);
    return () => {
      this.#started = false;
      this.#arm();
      globalThis.removeEventListener?.('online', online);
    };
  }

  /**
   * Saves a capture in the queue, then, when online, sends it at once (beside a send still in
   * flight, never behind it) and answers how that went; past `waitMs` it answers "queued" and
   * the sending goes on behind.
   */
  async submit(
    item: OutboxItem,
    waitMs = INTERACTIVE_WAIT_MS,
  ): Promise<{ outcome: Outcome | Queued; item: OutboxItem }> {
    const fresh: OutboxItem = {
      ...item,
      state: 'waiting',
      error: null,
      needsSignIn: false,
      failedPhoto: null,
      backoff: null,
    };
    await this.#save(fresh);
    if (!this.#deps.online()) return { outcome: QUEUED, item: fresh };
    const attempt = this.#attempt(fresh.id);
    void attempt.then(() => this.#round(1));
    const outcome = await Promise.race([attempt, delay(waitMs).then(() => QUEUED)]);
    return { outcome, item: this.#find(fresh.id) ?? fresh };
  }

  /**
   * Sends every waiting capture of the signed-in user now, oldest first, whatever their waits
   * ("Gửi ngay"; also when the network comes back or someone signs in). A send in flight is left
   * to finish or time out, and not waited for: the round goes on with the others.
   */
  async sync(): Promise<void> {
    await this.#clearWaits();
    await this.#round(MAX_ROUNDS);
  }

  /** A refused or waiting capture, tried again now. */
  async retry(id: string): Promise<void> {
    const item = this.find(id);
    if (!item || item.state === 'sent' || item.state === 'sending') return;
    await this.#save({ ...item, state: 'waiting', error: null, failedPhoto: null, backoff: null });
    await this.sync();
  }

  /** Leaves out the photo the server refused, and sends the rest. */
  async dropPhoto(id: string, photoId: string): Promise<void> {
    const item = this.find(id);
    if (!item) return;
    await this.#save({ ...item, photos: item.photos.filter((p) => p.id !== photoId) });
    await this.retry(id);
  }

  /** Removes a capture the user chose to give up (or took back into the form to fix). */
  async discard(id: string): Promise<void> {
    if (!this.find(id)) return;
    await this.#deps.store.delete(id);
    this.#items = this.#items.filter((i) => i.id !== id);
    this.#arm();
  }

  /** Ends the waits of waiting captures, so the next round sends them. */
  async #clearWaits(): Promise<void> {
    for (const item of this.items) {
      if (item.state !== 'waiting' || !item.backoff?.at) continue;
      const { reason } = item.backoff;
      await this.#save({ ...item, error: reason, backoff: { ...item.backoff, at: null } });
    }
  }

  /**
   * A round over the waiting captures, unless `limit` rounds are going already: then one of them
   * goes round once more, and this answers when they are done.
   */
  #round(limit: number): Promise<void> {
    if (this.#rounds.size >= limit) {
      this.#again = true;
      return Promise.all(this.#rounds).then(() => undefined);
    }
    const round: Promise<void> = this.#roundsOfSending().finally(() => {
      this.#rounds.delete(round);
      this.#arm();
    });
    this.#rounds.add(round);
    return round;
  }

  async #roundsOfSending(): Promise<void> {
    do {
      this.#again = false;
      await this.#sendAll();
    } while (this.#again);
  }

  /** Sends the waiting captures whose wait is over, one after the other, oldest first. */
  async #sendAll(): Promise<void> {
    const tried = new Set<string>();
    for (;;) {
      const me = this.#deps.user();
      if (!me || !this.#deps.online()) return;
      const now = Date.now();
      const next = this.#items.find(
        (i) =>
          i.state === 'waiting' &&
          i.by.id === me &&
          !tried.has(i.id) &&
          !this.#inFlight.has(i.id) &&
          due(i, now),
      );
      if (!next) return;
      tried.add(next.id);
      const outcome = await this.#attempt(next.id);
      // A sign-in first: the rest would fare no better. A timeout or no network is the
      // capture's own wait: the next one is tried all the same.
      if (outcome.state === 'waiting' && outcome.signIn) return;
    }
  }

  /**
   * One capture's sending, unless it is on its way already, from this tab or (where the browser
   * has Web Locks) from another.
   */
  #attempt(id: string): Promise<Outcome | Queued> {
    if (this.#inFlight.has(id)) return Promise.resolve(QUEUED);
    this.#inFlight.add(id);
    const run = () => this.#sendOne(id);
    const sending = globalThis.navigator?.locks
      ? (navigator.locks.request(`uim-outbox:${id}`, { ifAvailable: true }, (lock) =>
          lock ? run() : QUEUED,
        ) as Promise<Outcome | Queued>)
      : run();
    return sending.finally(() => this.#inFlight.delete(id));
  }

  async #sendOne(id: string): Promise<Outcome | Queued> {
    // Read again: another tab of this app may have sent or discarded it meanwhile.
    const stored = await this.#deps.store.get(id);
    if (!stored) {
      const answer = this.#answers.get(id);
      if (answer) return { state: 'sent', feature: answer };
      this.#items = this.#items.filter((i) => i.id !== id || i.state === 'sent');
      return QUEUED;
    }
    const me = this.#deps.user();
    if (!me || stored.by.id !== me || !this.#deps.online()) return QUEUED;
    const sending: OutboxItem = {
      ...stored,
      state: 'sending',
      error: null,
      needsSignIn: false,
      backoff: stored.backoff ? { ...stored.backoff, at: null } : null,
    };
    await this.#save(sending);
    const outcome = await send(
      sending,
      this.#as(me),
      (i) => this.#save({ ...i, state: 'sending' }),
      this.#timeouts,
    );
    const latest = this.#find(id) ?? sending;
    if (outcome.state === 'sent') {
      await this.#deps.store.delete(id);
      this.#answers.set(id, outcome.feature);
      const done = { error: null, needsSignIn: false, failedPhoto: null, backoff: null };
      this.#put({ ...latest, ...done, state: 'sent' });
      this.#deps.onsent(outcome.feature);
    } else if (outcome.state === 'waiting' && outcome.signIn) {
      // Waits for the sign-in, which sends it: no timer of its own.
      await this.#save({
        ...latest,
        state: 'waiting',
        error: outcome.message,
        needsSignIn: true,
        backoff: null,
      });
    } else if (outcome.state === 'waiting') {
      const reason = outcome.timedOutMs
        ? locale.t('outbox.timedOut', { s: Math.ceil(outcome.timedOutMs / 1000) })
        : outcome.message;
      const failures = (latest.backoff?.failures ?? 0) + 1;
      const wait = retryDelay(failures, (this.#deps.random ?? Math.random)());
      const at = new Date(Date.now() + wait).toISOString();
      await this.#save({
        ...latest,
        state: 'waiting',
        error: locale.t('outbox.retryAt', {
          why: /[.!?…]$/.test(reason) ? reason : `${reason}.`,
          at: formatClock(at, locale.current),
        }),
        needsSignIn: false,
        backoff: { failures, at, reason },
      });
    } else {
      await this.#save({
        ...latest,
        state: 'failed',
        error: outcome.message,
        failedPhoto: outcome.photo,
        backoff: null,
      });
    }
    return outcome;
  }

  /**
   * Sets the timer for the next automatic round: when the soonest wait of a waiting capture of
   * the signed-in user is over, or every RETRY_EVERY_MS at most while one waits. Signed out or
   * offline, none: a sign-in and the network coming back send at once.
   */
  #arm(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const me = this.#deps.user();
    if (!this.#started || !me || !this.#deps.online()) return;
    const now = Date.now();
    let soonest = Infinity;
    for (const item of this.#items) {
      if (item.state !== 'waiting' || item.by.id !== me) continue;
      const at = item.backoff?.at ? Date.parse(item.backoff.at) - now : RETRY_EVERY_MS;
      soonest = Math.min(soonest, at);
    }
    if (soonest === Infinity) return;
    this.#timer = setTimeout(
      () => {
        this.#timer = null;
        void this.#round(MAX_ROUNDS);
      },
      Math.min(RETRY_EVERY_MS, Math.max(TIMER_MIN_MS, soonest)),
    );
  }

  /** Any capture of the device, whoever's. */
  #find(id: string): OutboxItem | undefined {
    return this.#items.find((i) => i.id === id);
  }

  /**
   * The transport for as long as `me` is signed in: once another session took over (a sign-out,
   * another user's sign-in), the capture's next step is not sent under it, and the capture waits
   * for its author's sign-in.
   */
  #as(me: string): Transport {
    const transport = this.#deps.transport;
    const still = () => {
      if (this.#deps.user() !== me) throw new SessionChanged();
    };
    return {
      create: async (feature, signal) => (still(), transport.create(feature, signal)),
      note: async (id, text, noteId, signal) => (still(), transport.note(id, text, noteId, signal)),
      photo: async (id, photo, signal) => (still(), transport.photo(id, photo, signal)),
      get: async (id, signal) => (still(), transport.get(id, signal)),
    };
  }

  async #save(item: OutboxItem): Promise<void> {
    await this.#deps.store.put(item);
    this.#put(item);
  }

  #put(item: OutboxItem): void {
    const index = this.#items.findIndex((i) => i.id === item.id);
    this.#items = index === -1 ? [...this.#items, item] : this.#items.with(index, item);
    this.#arm();
  }
}
