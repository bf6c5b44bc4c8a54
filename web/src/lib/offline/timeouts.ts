/**
 * How long one send of the queue may take before it is given up and tried again later. Without
 * a limit a request held by a weak phone link (an answer that never comes back) keeps its capture
 * "sending" for as long as the browser cares to wait, which may be minutes.
 */
import type { QueuedPhoto } from './outbox-item.ts';

/** The limits of one send, in milliseconds. */
export interface SendTimeouts {
  /** A JSON request: the report's create, a note, a read of the case. */
  json: number;
  /** One photo's upload (the photo and its thumbnail). */
  photo: (photo: QueuedPhoto) => number;
}

/**
 * A JSON request is a few kB: even on an EDGE link with a slow server its answer comes well
 * within 30 s. Past that it is more likely lost (a dropped link, a request held by a proxy) than
 * slow, and the retry, which carries the same client id, is safe.
 */
export const JSON_TIMEOUT_MS = 30_000;

/** What a photo's upload gets besides its bytes: the round trips and the server's work. */
export const PHOTO_BASE_TIMEOUT_MS = 30_000;

/**
 * The slowest upload still taken as working: 8 kB/s (64 kbit/s), a weak EDGE or 3G uplink at
 * the edge of a cell. A 400 kB photo (1600 px JPEG) with its thumbnail thus gets about 80 s.
 */
export const PHOTO_MIN_BYTES_PER_S = 8_000;

/** No photo waits longer than this (the downscaled photos are far smaller than what it allows). */
export const PHOTO_MAX_TIMEOUT_MS = 5 * 60_000;

/** The timeout of a photo's upload, from its size. */
export function photoTimeout(photo: Pick<QueuedPhoto, 'file' | 'thumbnail'>): number {
  const bytes = photo.file.size + photo.thumbnail.size;
  return Math.min(
    PHOTO_MAX_TIMEOUT_MS,
    PHOTO_BASE_TIMEOUT_MS + Math.ceil((bytes / PHOTO_MIN_BYTES_PER_S) * 1000),
  );
}

export const DEFAULT_TIMEOUTS: SendTimeouts = { json: JSON_TIMEOUT_MS, photo: photoTimeout };

/**
 * The device's setting that replaces every limit with one value in milliseconds, read from
 * localStorage. Not in the interface: the browser tests set it so a held request is given up in
 * a second or two rather than 30 s, and it can be set by hand on a phone whose link needs more.
 */
export const TIMEOUT_SETTING = 'uim.sendTimeoutMs';

/** The limits on this device: the defaults, unless the setting above holds a sane number. */
export function deviceTimeouts(): SendTimeouts {
  const value = Number(
    typeof localStorage === 'undefined' ? null : localStorage.getItem(TIMEOUT_SETTING),
  );
  if (!Number.isFinite(value) || value < 100 || value > 30 * 60_000) return DEFAULT_TIMEOUTS;
  return { json: value, photo: () => value };
}
