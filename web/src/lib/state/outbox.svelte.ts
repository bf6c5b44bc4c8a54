/**
 * The queue of captures on this device: saved first, sent when the network allows, one at a
 * time, in order. Nothing leaves the queue but by reaching the server or by the user's explicit
 * discard; a refusal stays with its reason, a sign-in asked for keeps the item waiting.
 */
import type { Feature, FeatureCollection, Point } from 'geojson';
import type { ViolationFeature } from '../../../../server/domain/violation.ts';
import { kindOf, type OutboxItem, type SyncState } from '../offline/outbox-item.ts';
import type { OutboxStore } from '../offline/outbox-store.ts';
import { send, type Outcome, type Transport } from '../offline/sync.ts';

export interface OutboxDeps {
  store: OutboxStore;
  transport: Transport;
  /** The signed-in user's id: only their own captures are sent. */
  user: () => string | null;
  online: () => boolean;
  /** A case as the server now holds it, for the map and lists. */
  onsent: (feature: ViolationFeature) => void;
}

/** Saved on the device; not tried now (offline, another user's, or the answer was slow). */
export type Queued = { state: 'queued' };
const QUEUED: Queued = { state: 'queued' };

/** How long a Save waits for the server before leaving the capture to the queue. */
export const INTERACTIVE_WAIT_MS = 8000;
/** How often waiting captures are tried again while the page is open. */
const RETRY_EVERY_MS = 30_000;

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class OutboxState {
  #items = $state.raw<OutboxItem[]>([]);
  #chain: Promise<unknown> = Promise.resolve();
  #syncQueued = false;
  /** What the server answered for captures sent during this visit. */
  readonly #answers = new Map<string, ViolationFeature>();
  readonly #deps: OutboxDeps;

  constructor(deps: OutboxDeps) {
    this.#deps = deps;
  }

  /** Every capture of this device, oldest first, with those sent during this visit. */
  get items(): OutboxItem[] {
    return this.#items;
  }

  /** Captures not on the server yet: waiting, sending or refused. */
  pending: number = $derived(this.#items.filter((i) => i.state !== 'sent').length);

  /** New reports not on the server yet, as pins for the map. */
  pins: FeatureCollection<Point, { id: string; kind: string; state: SyncState }> = $derived({
    type: 'FeatureCollection',
    features: this.#items.flatMap(
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

  find(id: string): OutboxItem | undefined {
    return this.#items.find((i) => i.id === id);
  }

  /** Reads the queue from the device; a capture left "sending" by a closed page waits again. */
  async load(): Promise<void> {
    const stored = await this.#deps.store.all();
    const sent = this.#items.filter((i) => i.state === 'sent');
    this.#items = [
      ...sent,
      ...stored.map((i): OutboxItem => (i.state === 'sending' ? { ...i, state: 'waiting' } : i)),
    ];
  }

  /** Tries again now and then, and as soon as the device is back online. Returns the stop. */
  start(): () => void {
    const again = () => void this.sync();
    const timer = setInterval(() => {
      if (this.#items.some((i) => i.state === 'waiting')) again();
    }, RETRY_EVERY_MS);
    addEventListener('online', again);
    return () => {
      clearInterval(timer);
      removeEventListener('online', again);
    };
  }

  /**
   * Saves a capture in the queue, then, when online, sends it before the others and answers how
   * that went; past `waitMs` it answers "queued" and the sending goes on behind.
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
    };
    await this.#save(fresh);
    if (!this.#deps.online()) return { outcome: QUEUED, item: fresh };
    const attempt = this.#exclusive(() => this.#attempt(fresh.id));
    void attempt.then(() => this.sync());
    const outcome = await Promise.race([attempt, delay(waitMs).then(() => QUEUED)]);
    return { outcome, item: this.find(fresh.id) ?? fresh };
  }

  /** Sends every waiting capture of the signed-in user, oldest first. */
  sync(): Promise<void> {
    if (this.#syncQueued) return this.#chain.then(() => undefined);
    this.#syncQueued = true;
    return this.#exclusive(async () => {
      this.#syncQueued = false;
      await this.#sendAll();
    });
  }

  /** A refused or waiting capture, tried again now. */
  async retry(id: string): Promise<void> {
    const item = this.find(id);
    if (!item || item.state === 'sent' || item.state === 'sending') return;
    await this.#save({ ...item, state: 'waiting', error: null, failedPhoto: null });
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
    await this.#deps.store.delete(id);
    this.#items = this.#items.filter((i) => i.id !== id);
  }

  async #sendAll(): Promise<void> {
    const tried = new Set<string>();
    for (;;) {
      const me = this.#deps.user();
      if (!me || !this.#deps.online()) return;
      const next = this.#items.find(
        (i) => i.state === 'waiting' && i.by.id === me && !tried.has(i.id),
      );
      if (!next) return;
      tried.add(next.id);
      const outcome = await this.#attempt(next.id);
      // Unreachable, or a sign-in first: the rest would fare no better just now.
      if (outcome.state === 'waiting') return;
    }
  }

  async #attempt(id: string): Promise<Outcome | Queued> {
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
    await this.#save({ ...stored, state: 'sending', error: null, needsSignIn: false });
    const outcome = await send(stored, this.#deps.transport, (i) =>
      this.#save({ ...i, state: 'sending' }),
    );
    const latest = this.find(id) ?? stored;
    if (outcome.state === 'sent') {
      await this.#deps.store.delete(id);
      this.#answers.set(id, outcome.feature);
      this.#put({ ...latest, state: 'sent', error: null, needsSignIn: false, failedPhoto: null });
      this.#deps.onsent(outcome.feature);
    } else if (outcome.state === 'waiting') {
      await this.#save({
        ...latest,
        state: 'waiting',
        error: outcome.message,
        needsSignIn: outcome.signIn,
      });
    } else {
      await this.#save({
        ...latest,
        state: 'failed',
        error: outcome.message,
        failedPhoto: outcome.photo,
      });
    }
    return outcome;
  }

  /** One sending at a time, in this tab and, where the browser has Web Locks, across tabs. */
  #exclusive<T>(run: () => Promise<T>): Promise<T> {
    const locked = (): Promise<T> =>
      globalThis.navigator?.locks
        ? (navigator.locks.request('uim-outbox', run) as Promise<T>)
        : run();
    const next = this.#chain.then(locked, locked);
    this.#chain = next.catch(() => undefined);
    return next;
  }

  async #save(item: OutboxItem): Promise<void> {
    await this.#deps.store.put(item);
    this.#put(item);
  }

  #put(item: OutboxItem): void {
    const index = this.#items.findIndex((i) => i.id === item.id);
    this.#items = index === -1 ? [...this.#items, item] : this.#items.with(index, item);
  }
}
