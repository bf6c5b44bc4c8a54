/**
 * Time and place from a photo's EXIF, read in the browser from the original file before it is
 * downscaled (re-encoding drops EXIF). The same reading as the server's (server/services/exif.ts):
 * a camera clock without OffsetTimeOriginal is taken as Vietnam time.
 */
import { parse } from 'exifr/dist/lite.esm.mjs';

export interface PhotoMetadata {
  taken_at: string | null;
  position: [number, number] | null;
}

const VIETNAM_OFFSET = '+07:00';

/** "2026:03:10 09:15:02" and "+07:00" → an ISO instant; null when unreadable. */
export function exifTime(value: unknown, offset: unknown): string | null {
  if (typeof value !== 'string') return null;
  const m = /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(value);
  if (!m) return null;
  const zone =
    typeof offset === 'string' && /^[+-]\d{2}:\d{2}$/.test(offset) ? offset : VIETNAM_OFFSET;
  const ms = Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${zone}`);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** A GPS position worth using: finite, on the globe, not the 0,0 of a camera without a fix. */
export function exifPosition(lon: unknown, lat: unknown): [number, number] | null {
  return typeof lat === 'number' &&
    typeof lon === 'number' &&
    Number.isFinite(lat) &&
    Number.isFinite(lon) &&
    Math.abs(lat) <= 90 &&
    Math.abs(lon) <= 180 &&
    !(lat === 0 && lon === 0)
    ? [lon, lat]
    : null;
}

/** Reads a photo's time and place; a photo without EXIF (or with broken EXIF) has neither. */
export async function readPhotoMetadata(file: Blob | Uint8Array): Promise<PhotoMetadata> {
  let tags: Record<string, unknown> | undefined;
  try {
    tags = await parse(file, {
      // Per block, not a global `pick`: the lite build lacks the interop dictionary that a
      // global pick walks, and throws.
      exif: { pick: ['DateTimeOriginal', 'OffsetTimeOriginal'] },
      gps: { pick: ['GPSLatitude', 'GPSLongitude', 'GPSLatitudeRef', 'GPSLongitudeRef'] },
      ifd1: false,
      interop: false,
      // Raw strings: exifr would read a zone-less time in the phone's own time zone.
      reviveValues: false,
    });
  } catch {
    // A photo with broken EXIF is still evidence; it just carries no time or place.
    return { taken_at: null, position: null };
  }
  return {
    taken_at: exifTime(tags?.DateTimeOriginal, tags?.OffsetTimeOriginal),
    position: exifPosition(tags?.longitude, tags?.latitude),
  };
}
