/**
 * Photo evidence: which files are accepted (by their content, not their name), how big, and what
 * a record keeps of each. Phones downscale to JPEG before upload; PNG and WebP come from desktops.
 */
export const PHOTO_TYPES = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
} as const;
export type PhotoType = keyof typeof PHOTO_TYPES;
export type PhotoExtension = (typeof PHOTO_TYPES)[PhotoType];

/** DESIGN.md: photos up to 15 MB each. */
export const MAX_PHOTO_BYTES = 15 * 1024 * 1024;
/** Enough evidence for any case; a runaway client cannot fill the disk through one record. */
export const MAX_PHOTOS_PER_VIOLATION = 30;

const startsWith = (bytes: Uint8Array, prefix: number[], at = 0) =>
  prefix.every((b, i) => bytes[at + i] === b);

/** The image type a file's first bytes show, or null: a renamed text file is not a photo. */
export function sniffImage(bytes: Uint8Array): PhotoType | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  // RIFF....WEBP
  if (
    startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) &&
    startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)
  ) {
    return 'image/webp';
  }
  return null;
}

/** What a record keeps of one photo; the file itself lives under DATA_DIR/uploads by its hash. */
export interface ViolationPhoto {
  /** SHA-256 of the file: its name on disk, and why a photo sent twice is kept once. */
  sha256: string;
  content_type: PhotoType;
  bytes: number;
  url: string;
  /** A small copy for lists and popups; the photo itself when the client sent none. */
  thumbnail_url: string;
  /** When it was taken, from EXIF (camera time, office time zone when the camera gives none). */
  taken_at: string | null;
  /** Where it was taken, from EXIF GPS: [lon, lat]. */
  position: [number, number] | null;
  added_at: string;
  added_by: string | null;
}

export function photoUrl(sha256: string, type: PhotoType): string {
  return `/api/photos/${sha256}.${PHOTO_TYPES[type]}`;
}
