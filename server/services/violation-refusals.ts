/** What the violation use cases refuse, and why, in Vietnamese and English. */
import { DomainError } from '../domain/errors.ts';
import { MAX_PHOTOS_PER_VIOLATION } from '../domain/violations/photo.ts';
import type { Violation } from '../domain/violations/violation.ts';

export function notFound(id: string): DomainError {
  return new DomainError(
    'NOT_FOUND',
    { vi: `Không tìm thấy vi phạm ${id}.`, en: `Violation ${id} was not found.` },
    { id },
  );
}

export function conflict(current: number): DomainError {
  return new DomainError(
    'CONFLICT',
    {
      vi: 'Hồ sơ vừa được người khác thay đổi. Hãy tải lại rồi thử lại.',
      en: 'Someone else changed this record meanwhile. Reload it and try again.',
    },
    { current_version: current },
  );
}

export function archived(id: string): DomainError {
  return new DomainError(
    'ARCHIVED',
    {
      vi: 'Vi phạm này đã được lưu trữ. Khôi phục nó trước khi thay đổi.',
      en: 'This violation is archived. Restore it before changing it.',
    },
    { id },
  );
}

export function notYours(): DomainError {
  return new DomainError('FORBIDDEN', {
    vi: 'Chỉ sửa được báo cáo do mình lập khi chưa được xác minh. Nhờ cán bộ quy hoạch sửa giúp.',
    en: 'You can edit only your own reports, and only until they are verified. Ask a planner.',
  });
}

export function nothingToChange(): DomainError {
  return new DomainError('VALIDATION_FAILED', {
    vi: 'Không có gì để sửa: gửi geometry hoặc ít nhất một trường trong properties.',
    en: 'Nothing to change: send a geometry or at least one field of properties.',
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

export function alreadyThere(id: string, archive: boolean): DomainError {
  return new DomainError(
    'ILLEGAL_TRANSITION',
    archive
      ? { vi: 'Vi phạm này đã được lưu trữ rồi.', en: 'This violation is archived already.' }
      : { vi: 'Vi phạm này không ở trong lưu trữ.', en: 'This violation is not archived.' },
    { id },
  );
}
