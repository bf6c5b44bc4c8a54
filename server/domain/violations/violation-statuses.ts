/**
 * Enforcement steps of a violation (DOMAIN.md §2) as data, declared for the record engine. Each
 * status has a kind, so predicates ("is it still open?") derive from the kind rather than from
 * lists of names.
 */
import type { StateEntry, StateKind, Workflow } from '../engine/workflow.ts';
import type { ViolationStepInput } from './violation.ts';

export const VIOLATION_STATUSES = [
  'reported',
  'verified',
  'recorded',
  'decided',
  'remedied',
  'enforced',
  'closed',
  'dismissed',
] as const;

export type ViolationStatus = (typeof VIOLATION_STATUSES)[number];

/** open: the office still has work to do; fixed: consequences dealt with; closed: finished. */
export type StatusKind = StateKind;

export type ViolationStatusEntry = StateEntry;

export const violationStatusCatalog: Record<ViolationStatus, ViolationStatusEntry> = {
  reported: {
    kind: 'open',
    label: { vi: 'Mới phát hiện', en: 'Reported' },
    action: { vi: 'Ghi nhận', en: 'Report' },
  },
  verified: {
    kind: 'open',
    label: { vi: 'Đã xác minh', en: 'Verified' },
    action: { vi: 'Xác minh', en: 'Verify' },
  },
  recorded: {
    kind: 'open',
    label: { vi: 'Đã lập biên bản', en: 'Violation recorded' },
    action: { vi: 'Lập biên bản', en: 'Record violation' },
  },
  decided: {
    kind: 'open',
    label: { vi: 'Đã ra quyết định xử phạt', en: 'Penalty decided' },
    action: { vi: 'Ra quyết định xử phạt', en: 'Issue penalty decision' },
  },
  remedied: {
    kind: 'fixed',
    label: { vi: 'Đã khắc phục', en: 'Remedied' },
    action: { vi: 'Xác nhận đã khắc phục', en: 'Confirm remedied' },
  },
  enforced: {
    kind: 'fixed',
    label: { vi: 'Đã cưỡng chế', en: 'Enforced' },
    action: { vi: 'Cưỡng chế', en: 'Enforce' },
  },
  closed: {
    kind: 'closed',
    label: { vi: 'Đã kết thúc', en: 'Closed' },
    action: { vi: 'Kết thúc hồ sơ', en: 'Close case' },
  },
  dismissed: {
    kind: 'closed',
    label: { vi: 'Không vi phạm / huỷ', en: 'Dismissed' },
    action: { vi: 'Huỷ (không vi phạm)', en: 'Dismiss' },
  },
};

/** The enforcement workflow: moves forward through the steps; only the first two may dismiss. */
export const violationWorkflow: Workflow<ViolationStatus, keyof ViolationStepInput> = {
  states: VIOLATION_STATUSES,
  catalog: violationStatusCatalog,
  moves: {
    reported: ['verified', 'dismissed'],
    verified: ['recorded', 'dismissed'],
    recorded: ['decided'],
    decided: ['remedied', 'enforced'],
    remedied: ['closed'],
    enforced: ['closed'],
    closed: [],
    dismissed: [],
  },
  requires: {
    recorded: [{ field: 'record_number', label: { vi: 'số biên bản', en: 'record number' } }],
    decided: [{ field: 'decision_number', label: { vi: 'số quyết định', en: 'decision number' } }],
    dismissed: [{ field: 'note', label: { vi: 'lý do huỷ', en: 'reason for dismissal' } }],
  },
  finished: { vi: 'Hồ sơ đã kết thúc.', en: 'The case is finished.' },
};
