/**
 * Time and place from a photo's EXIF, read in the browser from the original file before it is
 * downscaled (re-encoding drops EXIF), with the server's own reading of the values.
 */
import { parse } from 'exifr/dist/lite.esm.mjs';
import {
  exifPosition,
  exifTime,
  type PhotoMetadata,
} from '../../../../server/domain/photo-metadata.ts';

export type { PhotoMetadata };

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
