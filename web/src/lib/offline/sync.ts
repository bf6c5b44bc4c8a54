/**
 * Sending one queued capture: the report with its client UUID, then the note, then each photo.
 * Each step is saved once the server took it, so a retry resumes after it; the server answers a
 * repeated create (same UUID), note (same note id: the item's) or photo (same bytes) with what it
 * already holds, so a step that was sent but whose answer was lost is kept once. Each step has a
 * time limit (see timeouts.ts): past it the step is given up, its request aborted, and the
 * capture waits for a retry, which is safe for the same reasons.
 */
import type {
  ViolationCreate,
  ViolationFeature,
} from '../../../../server/domain/violations/violation.ts';
import type { OutboxItem, QueuedPhoto } from './outbox-item.ts';
import { DEFAULT_TIMEOUTS, type SendTimeouts } from './timeouts.ts';

/**
 * How the queue talks to the server; errors carry the HTTP `status` (0 when unreachable). Each
 * call is given the signal that aborts it when its time is up.
 */
export interface Transport {
  create(feature: ViolationCreate, signal?: AbortSignal): Promise<ViolationFeature>;
  /** `noteId` is the note's client id: sent again, the note is added once. */
  note(id: string, text: string, noteId: string, signal?: AbortSignal): Promise<ViolationFeature>;
  photo(id: string, photo: QueuedPhoto, signal?: AbortSignal): Promise<ViolationFeature>;
  get(id: string, signal?: AbortSignal): Promise<ViolationFeature>;
}

export type Outcome =
  | { state: 'sent'; feature: ViolationFeature }
  /**
   * Try again later: no network, a server error, no answer in time (`timedOutMs`, the limit
   * that ran out), or a sign-in needed first.
   */
  | { state: 'waiting'; signIn: boolean; message: string; timedOutMs?: number }
  /** Refused as it is: the user fixes or discards it. */
  | { state: 'failed'; message: string; photo: string | null };

/** A step of the sending that had no answer within its limit (its request was aborted). */
export class SendTimeout extends Error {
  /** As an unreachable server: try again later. */
  readonly status = 0;
  constructor(
    readonly step: 'create' | 'note' | 'photo' | 'get',
    readonly ms: number,
  ) {
    super(`${step}: no answer within ${ms} ms`);
    this.name = 'SendTimeout';
  }
}

/**
 * Runs one step with a signal that aborts it after `ms`, and gives it up then even if the
 * transport does not heed the signal: the queue never waits longer than the limit.
 */
export async function within<T>(
  step: SendTimeout['step'],
  ms: number,
  run: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new SendTimeout(step, ms);
      controller.abort(error);
      reject(error);
    }, ms);
  });
  try {
    return await Promise.race([run(controller.signal), expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** What an error means for the queue: try again later, sign in again, or fix the item. */
export function classify(
  error: unknown,
  photo: string | null = null,
): Exclude<Outcome, { state: 'sent' }> {
  const status = (error as { status?: unknown } | null)?.status;
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof SendTimeout) {
    return { state: 'waiting', signIn: false, message, timedOutMs: error.ms };
  }
  if (status === 401) return { state: 'waiting', signIn: true, message };
  if (
    typeof status !== 'number' ||
    status === 0 ||
    status === 408 ||
    status === 429 ||
    status >= 500
  ) {
    return { state: 'waiting', signIn: false, message };
  }
  return { state: 'failed', message, photo };
}

/**
 * Sends what of the item is not on the server yet. `save` is called with the item after every
 * step the server took; the item passed in is not changed. A step that outlasts its limit in
 * `timeouts` ends the sending as "waiting".
 */
export async function send(
  start: OutboxItem,
  transport: Transport,
  save: (item: OutboxItem) => Promise<void>,
  timeouts: SendTimeouts = DEFAULT_TIMEOUTS,
): Promise<Outcome> {
  let item = start;
  let feature: ViolationFeature | null = null;
  let photo: string | null = null;
  const step = async (patch: Partial<OutboxItem>) => {
    item = { ...item, ...patch };
    await save(item);
  };
  try {
    if (item.create && !item.created) {
      // The same client id every time: the server answers a repeat with the record it made.
      const create = { ...item.create, id: item.violationId };
      feature = await within('create', timeouts.json, (signal) => transport.create(create, signal));
      await step({ created: true });
    }
    const note = item.note?.trim();
    if (note && !item.noteSent) {
      feature = await within('note', timeouts.json, (signal) =>
        transport.note(item.violationId, note, item.id, signal),
      );
      await step({ noteSent: true });
    }
    for (const p of item.photos) {
      if (p.sent) continue;
      photo = p.id;
      feature = await within('photo', timeouts.photo(p), (signal) =>
        transport.photo(item.violationId, p, signal),
      );
      await step({ photos: item.photos.map((x) => (x.id === p.id ? { ...x, sent: true } : x)) });
    }
    photo = null;
    feature ??= await within('get', timeouts.json, (signal) =>
      transport.get(item.violationId, signal),
    );
    return { state: 'sent', feature };
  } catch (e) {
    return classify(e, photo);
  }
}
