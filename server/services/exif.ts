/** Time and place from a photo's EXIF, with exifr, read the way the phone reads them. */
import exifr from 'exifr';
import {
  EXIF_OPTIONS,
  metadataFromTags,
  type PhotoMetadata,
} from '../domain/violations/photo-metadata.ts';

export type { PhotoMetadata };

export async function readPhotoMetadata(bytes: Uint8Array): Promise<PhotoMetadata> {
  try {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return metadataFromTags(await exifr.parse(buffer, EXIF_OPTIONS));
  } catch {
    // A photo with broken EXIF is still evidence; it just carries no time or place.
    return { taken_at: null, position: null };
  }
}
