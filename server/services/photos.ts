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
} from '../domain/photo.ts';
import type { Principal } from '../domain/access/permissions.ts';
import type { ViolationFeature } from '../domain/violation.ts';
import { readPhotoMetadata } from './exif.ts';
import { sha256Of, type PhotoFiles } from './photo-files.ts';
import type { ViolationService } from './violations.ts';

/** A thumbnail is a small copy for lists and popups; anything larger is not one. */
export const MAX_THUMBNAIL_BYTES = 512 * 1024;

export interface PhotoUpload {
  file: Uint8Array;
  thumbnail?: Uint8Array;
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

function checked(bytes: Uint8Array, field: string, max: number): PhotoType {
  if (bytes.byteLength === 0) {
    throw new DomainError(
      'VALIDATION_FAILED',
      { vi: `Tệp "${field}" trống.`, en: `The file "${field}" is empty.` },
      { field },
    );
  }
  if (bytes.byteLength > max) throw tooLarge(field, max);
  const type = sniffImage(bytes);
  if (!type) throw notAPhoto(field);
  return type;
}

export class PhotoService {
  constructor(private readonly deps: { files: PhotoFiles; violations: ViolationService }) {}

  async add(
    violationId: string,
    upload: PhotoUpload,
    actor: Principal | null,
  ): Promise<{ feature: ViolationFeature; added: boolean }> {
    const type = checked(upload.file, 'file', MAX_PHOTO_BYTES);
    const thumbType = upload.thumbnail
      ? checked(upload.thumbnail, 'thumbnail', MAX_THUMBNAIL_BYTES)
      : null;
    // Before anything is written: a photo the case would refuse is not stored at all.
    const sha256 = sha256Of(upload.file);
    this.deps.violations.checkTakesPhoto(violationId, sha256, actor);
    const meta = await readPhotoMetadata(upload.file);
    this.deps.files.put(upload.file, type, sha256);
    const thumb =
      upload.thumbnail && thumbType ? this.deps.files.put(upload.thumbnail, thumbType) : null;
    const photo: Omit<ViolationPhoto, 'added_at' | 'added_by'> = {
      sha256,
      content_type: type,
      bytes: upload.file.byteLength,
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
