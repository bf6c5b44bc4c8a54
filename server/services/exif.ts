/**
 * Time and place from a photo's EXIF, with exifr. A camera's clock has no time zone unless it
 * writes OffsetTimeOriginal; phones in Bắc Kạn are on Vietnam time, so that is assumed then.
 */
import exifr from 'exifr';

export interface PhotoMetadata {
  taken_at: string | null;
  position: [number, number] | null;
}

const VIETNAM_OFFSET = '+07:00';

/** "2026:03:10 09:15:02" and "+07:00" → an ISO instant; null when unreadable. */
function exifTime(value: unknown, offset: unknown): string | null {
  if (typeof value !== 'string') return null;
  const m = /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(value);
  if (!m) return null;
  const zone =
    typeof offset === 'string' && /^[+-]\d{2}:\d{2}$/.test(offset) ? offset : VIETNAM_OFFSET;
  const ms = Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${zone}`);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

export async function readPhotoMetadata(bytes: Uint8Array): Promise<PhotoMetadata> {
  let tags: Record<string, unknown> | undefined;
  try {
    tags = await exifr.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
      pick: [
        'DateTimeOriginal',
        'OffsetTimeOriginal',
        'GPSLatitude',
        'GPSLongitude',
        'GPSLatitudeRef',
        'GPSLongitudeRef',
      ],
      gps: true,
      // Raw strings: exifr would read a zone-less time in the server's own time zone.
      reviveValues: false,
    });
  } catch {
    // A photo with broken EXIF is still evidence; it just carries no time or place.
    return { taken_at: null, position: null };
  }
  const lat = tags?.latitude;
  const lon = tags?.longitude;
  const position =
    typeof lat === 'number' &&
    typeof lon === 'number' &&
    Number.isFinite(lat) &&
    Number.isFinite(lon) &&
    Math.abs(lat) <= 90 &&
    Math.abs(lon) <= 180 &&
    !(lat === 0 && lon === 0)
      ? ([lon, lat] as [number, number])
      : null;
  return { taken_at: exifTime(tags?.DateTimeOriginal, tags?.OffsetTimeOriginal), position };
}
