/**
 * Sending one queued capture: the report with its client UUID, then the note, then each photo.
 * Each step is saved once the server took it, so a retry resumes after it; the server answers a
 * repeated create (same UUID), note (same note id: the item's) or photo (same bytes) with what it
 * already holds, so a step that was sent but whose answer was lost is kept once.
 */
import type { ViolationCreate, ViolationFeature } from '../../../../server/domain/violation.ts';
import type { OutboxItem, QueuedPhoto } from './outbox-item.ts';

/** How the queue talks to the server; errors carry the HTTP `status` (0 when unreachable). */
export interface Transport {
  create(feature: ViolationCreate): Promise<ViolationFeature>;
  /** `noteId` is the note's client id: sent again, the note is added once. */
  note(id: string, text: string, noteId: string): Promise<ViolationFeature>;
  photo(id: string, photo: QueuedPhoto): Promise<ViolationFeature>;
  get(id: string): Promise<ViolationFeature>;
}

export type Outcome =
  | { state: 'sent'; feature: ViolationFeature }
  /** Try again later: no network, a server error, or a sign-in needed first. */
  | { state: 'waiting'; signIn: boolean; message: string }
  /** Refused as it is: the user fixes or discards it. */
  | { state: 'failed'; message: string; photo: string | null };

/** What an error means for the queue: try again later, sign in again, or fix the item. */
export function classify(
  error: unknown,
  photo: string | null = null,
): Exclude<Outcome, { state: 'sent' }> {
  const status = (error as { status?: unknown } | null)?.status;
  const message = error instanceof Error ? error.message : String(error);
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
 * step the server took; the item passed in is not changed.
 */
export async function send(
  start: OutboxItem,
  transport: Transport,
  save: (item: OutboxItem) => Promise<void>,
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
      feature = await transport.create({ ...item.create, id: item.violationId });
      await step({ created: true });
    }
    const note = item.note?.trim();
    if (note && !item.noteSent) {
      feature = await transport.note(item.violationId, note, item.id);
      await step({ noteSent: true });
    }
    for (const p of item.photos) {
      if (p.sent) continue;
      photo = p.id;
      feature = await transport.photo(item.violationId, p);
      await step({ photos: item.photos.map((x) => (x.id === p.id ? { ...x, sent: true } : x)) });
    }
    photo = null;
    return { state: 'sent', feature: feature ?? (await transport.get(item.violationId)) };
  } catch (e) {
    return classify(e, photo);
  }
}
