/**
 * The refusals of the record engine's change path, worded from the kind's noun in both interface
 * languages: "Không tìm thấy dự án P-1." / "Project P-1 was not found."
 */
import type { Localized } from '../domain/i18n.ts';
import { DomainError } from '../domain/errors.ts';

const upper = (s: string) => s.charAt(0).toLocaleUpperCase('vi') + s.slice(1);

export function recordRefusals(noun: Localized) {
  return {
    notFound: (id: string) =>
      new DomainError(
        'NOT_FOUND',
        { vi: `Không tìm thấy ${noun.vi} ${id}.`, en: `${upper(noun.en)} ${id} was not found.` },
        { id },
      ),
    conflict: (current: number) =>
      new DomainError(
        'CONFLICT',
        {
          vi: `${upper(noun.vi)} này vừa được người khác thay đổi. Hãy tải lại rồi thử lại.`,
          en: `Someone else changed this ${noun.en} meanwhile. Reload it and try again.`,
        },
        { current_version: current },
      ),
    archived: (id: string) =>
      new DomainError(
        'ARCHIVED',
        {
          vi: `${upper(noun.vi)} này đã được lưu trữ. Khôi phục nó trước khi thay đổi.`,
          en: `This ${noun.en} is archived. Restore it before changing it.`,
        },
        { id },
      ),
    /** Archiving what is archived already, or restoring what is not archived. */
    alreadyThere: (id: string, archive: boolean) =>
      new DomainError(
        'ILLEGAL_TRANSITION',
        archive
          ? {
              vi: `${upper(noun.vi)} này đã được lưu trữ rồi.`,
              en: `This ${noun.en} is archived already.`,
            }
          : {
              vi: `${upper(noun.vi)} này không ở trong lưu trữ.`,
              en: `This ${noun.en} is not archived.`,
            },
        { id },
      ),
    nothingToChange: () =>
      new DomainError('VALIDATION_FAILED', {
        vi: 'Không có gì để sửa: gửi geometry hoặc ít nhất một trường trong properties.',
        en: 'Nothing to change: send a geometry or at least one field of properties.',
      }),
  };
}
