/**
 * Statuses of a criteria gap as data: open → planned → in_progress → met. A gap moves forward
 * only; a planner corrects a wrong status by editing the record.
 */
import type { Localized } from '../i18n.ts';

export const GAP_STATUSES = ['open', 'planned', 'in_progress', 'met'] as const;
export type GapStatus = (typeof GAP_STATUSES)[number];

export interface GapStatusEntry {
  /** open: still short of the standard; closed: the standard is met. */
  kind: 'open' | 'closed';
  label: Localized;
  /** The verb on the button that moves a gap into this status. */
  action: Localized;
}

export const gapStatusCatalog: Record<GapStatus, GapStatusEntry> = {
  open: {
    kind: 'open',
    label: { vi: 'Còn thiếu', en: 'Open' },
    action: { vi: 'Mở lại', en: 'Reopen' },
  },
  planned: {
    kind: 'open',
    label: { vi: 'Đã có kế hoạch', en: 'Planned' },
    action: { vi: 'Đưa vào kế hoạch', en: 'Plan' },
  },
  in_progress: {
    kind: 'open',
    label: { vi: 'Đang thực hiện', en: 'In progress' },
    action: { vi: 'Bắt đầu thực hiện', en: 'Start work' },
  },
  met: {
    kind: 'closed',
    label: { vi: 'Đã đạt', en: 'Met' },
    action: { vi: 'Xác nhận đã đạt', en: 'Mark as met' },
  },
};

/** Forward moves only: any later status, never back. */
export function nextGapStatuses(status: GapStatus): readonly GapStatus[] {
  return GAP_STATUSES.slice(GAP_STATUSES.indexOf(status) + 1);
}
