/**
 * The steps of a petition as data, declared for the record engine (DOMAIN.md §6): received →
 * processed (accepted, not accepted with a reason, or forwarded to the competent agency, named)
 * → verifying → concluded → decided → closed; withdrawn at any open step.
 */
import type { StateEntry, StateKind, Workflow } from '../engine/workflow.ts';

export const COMPLAINT_STATUSES = [
  'received',
  'accepted',
  'not_accepted',
  'forwarded',
  'verifying',
  'concluded',
  'decided',
  'closed',
  'withdrawn',
] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

/** What a step may carry: why it was not accepted, the agency it went to. */
export type ComplaintStepField = 'reason' | 'agency';

export const complaintStatusCatalog: Record<ComplaintStatus, StateEntry> = {
  received: {
    kind: 'open',
    label: { vi: 'Đã tiếp nhận', en: 'Received' },
    action: { vi: 'Tiếp nhận', en: 'Receive' },
  },
  accepted: {
    kind: 'open',
    label: { vi: 'Đã thụ lý', en: 'Accepted' },
    action: { vi: 'Thụ lý', en: 'Accept' },
  },
  not_accepted: {
    kind: 'closed',
    label: { vi: 'Không thụ lý', en: 'Not accepted' },
    action: { vi: 'Không thụ lý', en: 'Do not accept' },
  },
  forwarded: {
    kind: 'closed',
    label: { vi: 'Đã chuyển cơ quan có thẩm quyền', en: 'Forwarded to the competent agency' },
    action: { vi: 'Chuyển đơn', en: 'Forward' },
  },
  verifying: {
    kind: 'open',
    label: { vi: 'Đang xác minh', en: 'Verifying' },
    action: { vi: 'Xác minh', en: 'Verify' },
  },
  concluded: {
    kind: 'open',
    label: { vi: 'Đã có kết luận', en: 'Concluded' },
    action: { vi: 'Kết luận', en: 'Conclude' },
  },
  // Fixed: the petition is answered (a decision, a conclusion handled, an answer); closing
  // files it.
  decided: {
    kind: 'fixed',
    label: { vi: 'Đã giải quyết', en: 'Decided' },
    action: { vi: 'Ra quyết định, trả lời', en: 'Decide or answer' },
  },
  closed: {
    kind: 'closed',
    label: { vi: 'Đã đóng hồ sơ', en: 'Closed' },
    action: { vi: 'Đóng hồ sơ', en: 'Close' },
  },
  withdrawn: {
    kind: 'closed',
    label: { vi: 'Đã rút đơn', en: 'Withdrawn' },
    action: { vi: 'Rút đơn', en: 'Withdraw' },
  },
};

export const complaintWorkflow: Workflow<ComplaintStatus, ComplaintStepField> = {
  states: COMPLAINT_STATUSES,
  catalog: complaintStatusCatalog,
  moves: {
    received: ['accepted', 'not_accepted', 'forwarded', 'withdrawn'],
    accepted: ['verifying', 'withdrawn'],
    verifying: ['concluded', 'withdrawn'],
    concluded: ['decided', 'withdrawn'],
    decided: ['closed'],
    not_accepted: [],
    forwarded: [],
    closed: [],
    withdrawn: [],
  },
  requires: {
    not_accepted: [{ field: 'reason', label: { vi: 'lý do không thụ lý', en: 'the reason' } }],
    forwarded: [
      { field: 'agency', label: { vi: 'cơ quan có thẩm quyền', en: 'the competent agency' } },
    ],
  },
  finished: { vi: 'Hồ sơ đơn thư đã kết thúc.', en: 'The petition is finished.' },
};

/**
 * Colour by the kind of a petition's state, on the map and in the files' styles: magenta while
 * being handled (the wards' outline is purple), green once answered, grey once filed.
 */
export const COMPLAINT_STATE_COLORS: Record<StateKind, string> = {
  open: '#C51B7D',
  fixed: '#1B7837',
  closed: '#8C8C8C',
};
