/** The gap status moves: the only gate, used by the server to refuse and the app to offer buttons. */
import { gapStatusCatalog, nextGapStatuses } from './catalog/gap-statuses.ts';
import { DomainError } from './errors.ts';
import type { Gap, GapStatusMove } from './gap.ts';

/** The gap after a forward move; refuses a move back or to where it is. */
export function applyGapStatus(gap: Gap, move: GapStatusMove, now: string): Gap {
  const from = gap.properties.status;
  const to = move.to;
  const allowed = nextGapStatuses(from);
  if (!allowed.includes(to)) {
    const labels = (locale: 'vi' | 'en') =>
      allowed.map((s) => gapStatusCatalog[s].label[locale]).join(', ');
    throw new DomainError(
      'ILLEGAL_TRANSITION',
      {
        vi: `Không thể chuyển từ "${gapStatusCatalog[from].label.vi}" sang "${gapStatusCatalog[to].label.vi}". ${
          allowed.length ? `Có thể chuyển sang: ${labels('vi')}.` : 'Tiêu chí đã đạt.'
        } Cán bộ quy hoạch sửa trạng thái sai bằng cách sửa hồ sơ.`,
        en: `Cannot move from "${gapStatusCatalog[from].label.en}" to "${gapStatusCatalog[to].label.en}". ${
          allowed.length ? `Allowed next: ${labels('en')}.` : 'The standard is met.'
        } A planner corrects a wrong status by editing the record.`,
      },
      { from, to, allowed },
    );
  }
  return {
    ...gap,
    properties: {
      ...gap.properties,
      status: to,
      updated_at: now,
      version: gap.properties.version + 1,
    },
  };
}
