/**
 * How the kind of a record's state shows, on the map and in the files' styles alike: open work
 * stands out, finished work fades.
 */
import type { StateKind } from './engine/workflow.ts';
import type { Localized } from './i18n.ts';

export const STATE_KIND_LOOK: Record<StateKind, { opacity: number; label: Localized }> = {
  open: { opacity: 0.95, label: { vi: 'đang xử lý', en: 'open' } },
  fixed: { opacity: 0.55, label: { vi: 'đã khắc phục', en: 'remedied' } },
  closed: { opacity: 0.3, label: { vi: 'đã kết thúc', en: 'closed' } },
};

export const STATE_KINDS: readonly StateKind[] = ['open', 'fixed', 'closed'];
