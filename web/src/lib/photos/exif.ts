/**
 * Time and place from a photo's EXIF, read in the browser from the original file before it is
 * downscaled (re-encoding drops EXIF), the way the server reads them.
 */
import { parse } from 'exifr/dist/lite.esm.mjs';
import {
  EXIF_OPTIONS,
  metadataFromTags,
  type PhotoMetadata,
} from '../../../../server/domain/violations/photo-metadata.ts';

export type { PhotoMetadata };

/** Reads a photo's time and place; a photo without EXIF (or with broken EXIF) has neither. */
export async function readPhotoMetadata(file: Blob | Uint8Array): Promise<PhotoMetadata> {
  try {
    return metadataFromTags(await parse(file, EXIF_OPTIONS));
  } catch {
    // A photo with broken EXIF is still evidence; it just carries no time or place.
    return { taken_at: null, position: null };
  }
}
