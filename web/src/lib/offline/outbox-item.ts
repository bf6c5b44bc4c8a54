/**
 * A capture waiting to reach the server: a new report (with the client UUID that makes a retry
 * safe) or a note and photos for a case already there, with how far its sending got. Its sync
 * state is its own, apart from the case's enforcement status.
 */
import type { ViolationKind } from '../../../../server/domain/violations/violation-kinds.ts';
import type { ViolationCreate } from '../../../../server/domain/violations/violation.ts';

/** A photo as it will be sent: downscaled, with its thumbnail and what its EXIF said. */
export interface QueuedPhoto {
  id: string;
  /** JPEG, longest side at most 1600 px. */
  file: Blob;
  /** JPEG, longest side at most 320 px. */
  thumbnail: Blob;
  /** When it was taken (ISO instant), from the original's EXIF. */
  taken_at: string | null;
  /** Where it was taken, [lon, lat], from the original's EXIF. */
  position: [number, number] | null;
  /** True once the server holds it on the case. */
  sent: boolean;
}

/** waiting: to be sent (again); sending: on its way; sent: on the server; failed: refused. */
export type SyncState = 'waiting' | 'sending' | 'sent' | 'failed';

/** Why a waiting capture is not tried again at once, and when it will be. */
export interface Backoff {
  /** Tries in a row that timed out or found no network (or no server). */
  failures: number;
  /** When it is tried again on its own (ISO instant); null: with the next round, at once. */
  at: string | null;
  /** What went wrong the last time, in words, without the time of the next try. */
  reason: string;
}

export interface OutboxItem {
  /** The item's own id; for a new report, the report's client UUID too. */
  id: string;
  /** The case it writes to: the new report's UUID, or the existing case's id. */
  violationId: string;
  /** The new report, or null when adding to a case already there. */
  create: ViolationCreate | null;
  /** What the list shows of an existing case the note and photos go to. */
  target: { kind: ViolationKind; description: string } | null;
  note: string | null;
  photos: QueuedPhoto[];
  /** Steps done: each is saved as soon as the server took it, so a retry resumes after it. */
  created: boolean;
  noteSent: boolean;
  state: SyncState;
  /** Why it is not sent yet, in words (the server's own message for a refusal). */
  error: string | null;
  /** The server asked for a new sign-in. */
  needsSignIn: boolean;
  /** The photo the server refused, when a photo was the refused step. */
  failedPhoto: string | null;
  /** A waiting capture's wait before its next try; absent or null when it may go at once. */
  backoff?: Backoff | null;
  /** Who captured it: only they may send it. */
  by: { id: string; name: string };
  /** When it was saved on the device (ISO instant). */
  queuedAt: string;
}

/** Whether any step of the item reached the server. */
export function reachedServer(item: OutboxItem): boolean {
  return item.created || item.noteSent || item.photos.some((p) => p.sent);
}

/** The kind the item is about, for lists and the map. */
export function kindOf(item: OutboxItem): ViolationKind | null {
  return item.create?.properties.kind ?? item.target?.kind ?? null;
}
