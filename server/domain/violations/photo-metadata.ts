/**
 * Reading a photo's EXIF values, the same on the server and on the phone (which reads the
 * original before downscaling drops EXIF). A camera clock has no time zone unless it writes
 * OffsetTimeOriginal; phones in Bắc Kạn are on Vietnam time, so that is assumed then.
 */
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

/**
 * What to ask exifr for, per block: the lite browser build throws on a global `pick` (it lacks
 * the interop dictionary such a pick walks). Raw strings: exifr would read a zone-less time in
 * the reader's own time zone, the server's or the phone's.
 */
export const EXIF_OPTIONS = {
  exif: { pick: ['DateTimeOriginal', 'OffsetTimeOriginal'] },
  gps: { pick: ['GPSLatitude', 'GPSLongitude', 'GPSLatitudeRef', 'GPSLongitudeRef'] },
  ifd1: false,
  interop: false,
  reviveValues: false,
};

/** The time and place in what exifr answered (undefined: the photo has no EXIF). */
export function metadataFromTags(tags: Record<string, unknown> | undefined): PhotoMetadata {
  return {
    taken_at: exifTime(tags?.DateTimeOriginal, tags?.OffsetTimeOriginal),
    position: exifPosition(tags?.longitude, tags?.latitude),
  };
}
