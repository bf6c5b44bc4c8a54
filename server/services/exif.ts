/** Time and place from a photo's EXIF, with exifr, read the way the phone reads them. */
import exifr from 'exifr';
import { exifPosition, exifTime, type PhotoMetadata } from '../domain/photo-metadata.ts';

export type { PhotoMetadata };

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
  return {
    taken_at: exifTime(tags?.DateTimeOriginal, tags?.OffsetTimeOriginal),
    position: exifPosition(tags?.longitude, tags?.latitude),
  };
}
