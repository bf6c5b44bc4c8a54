/**
 * Statuses of a criteria gap as data, declared for the record engine: open → planned →
 * in_progress → met. A gap moves forward only; a planner corrects a wrong status by editing the
 * record.
 */
import type { StateEntry, Workflow } from '../engine/workflow.ts';

export const GAP_STATUSES = ['open', 'planned', 'in_progress', 'met'] as const;
export type GapStatus = (typeof GAP_STATUSES)[number];

export interface GapStatusEntry extends StateEntry {
  /** Colour on the map, in legends and in the files' styles (colour-blind safe): what is still
   * missing is the loudest. */
  color: string;
}

export const gapStatusCatalog: Record<GapStatus, GapStatusEntry> = {
  open: {
    kind: 'open',
    color: '#CC3311',
    label: { vi: 'Còn thiếu', en: 'Open' },
    action: { vi: 'Mở lại', en: 'Reopen' },
  },
  planned: {
    kind: 'open',
    color: '#EE7733',
    label: { vi: 'Đã có kế hoạch', en: 'Planned' },
    action: { vi: 'Đưa vào kế hoạch', en: 'Plan' },
  },
  in_progress: {
    kind: 'open',
    color: '#0077BB',
    label: { vi: 'Đang thực hiện', en: 'In progress' },
    action: { vi: 'Bắt đầu thực hiện', en: 'Start work' },
  },
  // Fixed, not closed: the standard is reached, the gap's aim achieved (FixMyStreet's "fixed");
  // closed is for records ended without that (a dismissed case). No move leads out of it here:
  // a planner who finds the standard short again corrects the record.
  met: {
    kind: 'fixed',
    color: '#009988',
    label: { vi: 'Đã đạt', en: 'Met' },
    action: { vi: 'Xác nhận đã đạt', en: 'Mark as met' },
  },
};

/** Forward moves only: any later status, never back. */
export const gapWorkflow: Workflow<GapStatus, never> = {
  states: GAP_STATUSES,
  catalog: gapStatusCatalog,
  moves: {
    open: ['planned', 'in_progress', 'met'],
    planned: ['in_progress', 'met'],
    in_progress: ['met'],
    met: [],
  },
  requires: {},
  finished: { vi: 'Tiêu chí đã đạt.', en: 'The standard is met.' },
  hint: {
    vi: 'Cán bộ quy hoạch sửa trạng thái sai bằng cách sửa hồ sơ.',
    en: 'A planner corrects a wrong status by editing the record.',
  },
};
