/** The refusals of the gap use cases, in both interface languages. */
import { DomainError } from '../domain/errors.ts';

export const notFound = (id: string) =>
  new DomainError(
    'NOT_FOUND',
    { vi: `Không tìm thấy tiêu chí còn thiếu ${id}.`, en: `Criteria gap ${id} was not found.` },
    { id },
  );

export const conflict = (current: number) =>
  new DomainError(
    'CONFLICT',
    {
      vi: 'Hồ sơ vừa được người khác thay đổi. Hãy tải lại rồi thử lại.',
      en: 'Someone else changed this record meanwhile. Reload it and try again.',
    },
    { current_version: current },
  );

export const archivedError = (id: string) =>
  new DomainError(
    'ARCHIVED',
    {
      vi: 'Tiêu chí còn thiếu này đã được lưu trữ. Khôi phục nó trước khi thay đổi.',
      en: 'This criteria gap is archived. Restore it before changing it.',
    },
    { id },
  );

export const alreadyThere = (id: string, archive: boolean) =>
  new DomainError(
    'ILLEGAL_TRANSITION',
    archive
      ? { vi: 'Hồ sơ này đã được lưu trữ rồi.', en: 'This gap is archived already.' }
      : { vi: 'Hồ sơ này không ở trong lưu trữ.', en: 'This gap is not archived.' },
    { id },
  );

export const nothingToChange = () =>
  new DomainError('VALIDATION_FAILED', {
    vi: 'Không có gì để sửa: gửi geometry hoặc ít nhất một trường trong properties.',
    en: 'Nothing to change: send a geometry or at least one field of properties.',
  });
