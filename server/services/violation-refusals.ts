/**
 * What only the violation use cases refuse, and why, in Vietnamese and English; what every kind's
 * change path refuses (not found, archived, changed meanwhile) is the record engine's
 * (record-refusals.ts).
 */
import { DomainError } from '../domain/errors.ts';
import { MAX_PHOTOS_PER_VIOLATION } from '../domain/violations/photo.ts';
import type { Violation } from '../domain/violations/violation.ts';

export function notYours(): DomainError {
  return new DomainError('FORBIDDEN', {
    vi: 'Chỉ sửa được báo cáo do mình lập khi chưa được xác minh. Nhờ cán bộ quy hoạch sửa giúp.',
    en: 'You can edit only your own reports, and only until they are verified. Ask a planner.',
  });
}

export function tooManyPhotos(): DomainError {
  return new DomainError(
    'VALIDATION_FAILED',
    {
      vi: `Mỗi vi phạm có tối đa ${MAX_PHOTOS_PER_VIOLATION} ảnh.`,
      en: `A violation holds at most ${MAX_PHOTOS_PER_VIOLATION} photos.`,
    },
    { max: MAX_PHOTOS_PER_VIOLATION },
  );
}

/** A full case takes no new photo; one it holds already (a retry) is welcome. */
export function refusesPhoto(v: Violation, sha256: string): void {
  const photos = v.properties.photos;
  if (photos.length >= MAX_PHOTOS_PER_VIOLATION && !photos.some((x) => x.sha256 === sha256)) {
    throw tooManyPhotos();
  }
}
