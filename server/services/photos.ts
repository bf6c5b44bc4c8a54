/**
 * Photo evidence: checks an upload by its content and size, stores it by its hash, reads its
 * EXIF time and place, and attaches it to the case. The file is stored before the record is
 * changed: a crash in between leaves an unused file, never a record naming a missing one.
 */
import { DomainError } from '../domain/errors.ts';
import {
  MAX_PHOTO_BYTES,
  photoUrl,
  sniffImage,
  type PhotoType,
  type ViolationPhoto,
} from '../domain/violations/photo.ts';
import type { Principal } from '../domain/access/permissions.ts';
import type { ViolationFeature } from '../domain/violations/violation.ts';
import { readPhotoMetadata } from './exif.ts';
import { checkImage } from './image-check.ts';
import type { PhotoFiles, ReceivedFile } from './photo-files.ts';
import type { ViolationService } from './violations.ts';

/** A thumbnail is a small copy for lists and popups; anything larger is not one. */
export const MAX_THUMBNAIL_BYTES = 512 * 1024;

/** Enough of a photo's start for its EXIF: a JPEG's sits in its first 64 KB segment. */
const EXIF_READ_BYTES = 256 * 1024;

/**
 * An upload as received: each file already on disk in the temporary folder, hashed and counted
 * (its bytes are never all in memory). Kept files are renamed away; the caller removes the rest.
 */
export interface PhotoUpload {
  file: ReceivedFile;
  thumbnail?: ReceivedFile;
  /** What the phone read from the original's EXIF before downscaling dropped it. */
  declared?: { taken_at?: string; position?: [number, number] };
}

function notAPhoto(field: string): DomainError {
  return new DomainError(
    'UNSUPPORTED_MEDIA_TYPE',
    {
      vi: `Tệp "${field}" không phải ảnh JPEG, PNG hay WebP (kiểm tra theo nội dung, không theo tên).`,
      en: `The file "${field}" is not a JPEG, PNG or WebP image (checked by its content, not its name).`,
    },
    { field },
  );
}

function tooLarge(field: string, max: number): DomainError {
  const mb = max >= 1024 * 1024 ? `${max / 1024 / 1024} MB` : `${max / 1024} KB`;
  return new DomainError(
    'PAYLOAD_TOO_LARGE',
    { vi: `Tệp "${field}" vượt quá ${mb}.`, en: `The file "${field}" is over ${mb}.` },
    { field, max_bytes: max },
  );
}

/** The file's type, by its first bytes, once it is known not to be empty or too large. */
async function checked(
  files: PhotoFiles,
  file: ReceivedFile,
  field: string,
  max: number,
): Promise<PhotoType> {
  if (file.bytes === 0) {
    throw new DomainError(
      'VALIDATION_FAILED',
      { vi: `Tệp "${field}" trống.`, en: `The file "${field}" is empty.` },
      { field },
    );
  }
  if (file.bytes > max) throw tooLarge(field, max);
  const type = sniffImage(await files.readStart(file.path, 16));
  if (!type) throw notAPhoto(field);
  // First bytes can lie: the whole file must decode as that type, within the pixel limit.
  await checkImage(file.path, field, type);
  return type;
}

export class PhotoService {
  constructor(private readonly deps: { files: PhotoFiles; violations: ViolationService }) {}

  async add(
    violationId: string,
    upload: PhotoUpload,
    actor: Principal | null,
  ): Promise<{ feature: ViolationFeature; added: boolean }> {
    const { files } = this.deps;
    const type = await checked(files, upload.file, 'file', MAX_PHOTO_BYTES);
    const thumbType = upload.thumbnail
      ? await checked(files, upload.thumbnail, 'thumbnail', MAX_THUMBNAIL_BYTES)
      : null;
    // Before anything is kept: a photo the case would refuse is not stored at all.
    const { sha256 } = upload.file;
    await this.deps.violations.checkTakesPhoto(violationId, sha256, actor);
    const meta = await readPhotoMetadata(await files.readStart(upload.file.path, EXIF_READ_BYTES));
    await files.keep(upload.file, type);
    const thumb =
      upload.thumbnail && thumbType ? await files.keep(upload.thumbnail, thumbType) : null;
    const photo: Omit<ViolationPhoto, 'added_at' | 'added_by'> = {
      sha256,
      content_type: type,
      bytes: upload.file.bytes,
      url: photoUrl(sha256, type),
      thumbnail_url:
        thumb && thumbType ? photoUrl(thumb.sha256, thumbType) : photoUrl(sha256, type),
      // The file's own EXIF is evidence; what the phone declares fills in what it lacks.
      taken_at: meta.taken_at ?? upload.declared?.taken_at ?? null,
      position: meta.position ?? upload.declared?.position ?? null,
    };
    return this.deps.violations.addPhoto(violationId, photo, actor);
  }
}
