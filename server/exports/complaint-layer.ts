/**
 * The petitions layer outside the app: one flat row per petition, with where, what, its steps
 * and clocks, and never who sent it nor what they wrote (personal data stays in the office).
 */
import { toComplaintFeature } from '../domain/complaints/complaint-record.ts';
import {
  COMPLAINT_STATE_COLORS,
  complaintStatusCatalog,
  complaintWorkflow,
} from '../domain/complaints/complaint-statuses.ts';
import { channelLabels, complaintTypeLabels } from '../domain/complaints/complaint-types.ts';
import type { Complaint, ComplaintDerived } from '../domain/complaints/complaint.ts';
import { field as fieldOf, type ExportField, type ExportLayer } from './layer.ts';
import { STATE_KIND_LOOK, STATE_KINDS } from '../domain/state-look.ts';
import { statesOfKind, type StateKind } from '../domain/engine/workflow.ts';
import type { Localized } from '../domain/i18n.ts';

type Field = ExportField<Complaint>;
const field = fieldOf<Complaint>;

const p = (c: Complaint) => c.properties;

/** A petition's state in a legend: handled, answered, filed. */
const COMPLAINT_STATE_LABELS: Record<StateKind, Localized> = {
  open: { vi: 'Đang giải quyết', en: 'Being handled' },
  fixed: { vi: 'Đã trả lời', en: 'Answered' },
  closed: { vi: 'Đã lưu hồ sơ', en: 'Filed' },
};
const username = (id: string | null, usernames: ReadonlyMap<string, string>) =>
  id ? (usernames.get(id) ?? id) : null;

/**
 * A row's clocks, judged once for the fields that show them: a row's values are asked for one
 * record at a time, so the last judgement is the one wanted.
 */
let judged: { record: Complaint; today: string; clocks: ComplaintDerived } | undefined;
function clocksOf(record: Complaint, today: string): ComplaintDerived {
  if (judged?.record !== record || judged.today !== today) {
    judged = { record, today, clocks: toComplaintFeature(record, today).properties };
  }
  return judged.clocks;
}

export const complaintFields: readonly Field[] = [
  field('type', 'text', 'public', 'Mã loại đơn', 'Type code', (c) => p(c).type),
  field('type_label', 'text', 'public', 'Loại đơn', 'Type', (c) => {
    return complaintTypeLabels[p(c).type].vi;
  }),
  field('subject', 'text', 'public', 'Nội dung chính', 'Subject', (c) => p(c).subject),
  field('received_via', 'text', 'public', 'Hình thức tiếp nhận', 'Received via', (c) => {
    return channelLabels[p(c).received_via].vi;
  }),
  field('forwarded_from', 'text', 'public', 'Cơ quan chuyển đến', 'Forwarded by', (c) => {
    return p(c).forwarded_from;
  }),
  field('received_on', 'date', 'public', 'Ngày nhận đơn', 'Received on', (c) => p(c).received_on),
  field('status', 'text', 'public', 'Mã trạng thái', 'Status code', (c) => p(c).status),
  field('status_label', 'text', 'public', 'Trạng thái', 'Status', (c) => {
    return complaintStatusCatalog[p(c).status].label.vi;
  }),
  field('accepted_on', 'date', 'public', 'Ngày thụ lý', 'Accepted on', (c) => {
    return p(c).step_dates.accepted ?? null;
  }),
  field('decided_on', 'date', 'public', 'Ngày giải quyết', 'Decided on', (c) => {
    return p(c).step_dates.decided ?? null;
  }),
  field('forwarded_to', 'text', 'public', 'Chuyển đến cơ quan', 'Forwarded to', (c) => {
    return p(c).forwarded_to;
  }),
  field('next_deadline', 'date', 'public', 'Hạn gần nhất', 'Next deadline', (c, ctx) => {
    return clocksOf(c, ctx.today).next_deadline;
  }),
  field('overdue', 'boolean', 'public', 'Quá hạn', 'Overdue', (c, ctx) => {
    return clocksOf(c, ctx.today).overdue;
  }),
  field('violation_ids', 'text', 'public', 'Vụ vi phạm liên quan', 'Linked violations', (c) => {
    return p(c).violation_ids.join(', ') || null;
  }),
  field('project_ids', 'text', 'public', 'Dự án liên quan', 'Linked projects', (c) => {
    return p(c).project_ids.join(', ') || null;
  }),
  field('ward_codes', 'text', 'public', 'Mã phường, xã', 'Ward codes', (c) => {
    return p(c).ward_codes.join(', ') || null;
  }),
  field('created_at', 'datetime', 'public', 'Thời điểm ghi nhận', 'Created at', (c) => {
    return p(c).created_at;
  }),
  field('updated_at', 'datetime', 'public', 'Cập nhật lần cuối', 'Updated at', (c) => {
    return p(c).updated_at;
  }),
  field('version', 'integer', 'public', 'Phiên bản', 'Version', (c) => p(c).version),
  field('archived_at', 'datetime', 'staff', 'Thời điểm lưu trữ', 'Archived at', (c) => {
    return p(c).archived_at;
  }),
  field('handler', 'text', 'staff', 'Người xử lý', 'Handled by', (c, ctx) => {
    return username(p(c).handler_id, ctx.usernames);
  }),
  field('created_by', 'text', 'staff', 'Người tiếp nhận', 'Received by', (c, ctx) => {
    return username(p(c).created_by, ctx.usernames);
  }),
];

export const complaintLayer: ExportLayer<Complaint> = {
  name: 'complaints',
  title: { vi: 'Đơn thư khiếu nại, tố cáo, kiến nghị', en: 'Complaints and petitions' },
  fields: complaintFields,
  // No field holds who sent a petition or what they wrote: a file never carries them.
  view(state, permissions) {
    const c = state as Complaint;
    if (permissions.has('records:read')) return c;
    // The public map does not show archived petitions.
    return c.properties.archived_at ? null : c;
  },
  id: (c) => c.id,
  geometry: (c) => c.geometry,
  shapes: ['points'],
  // By the kind of its state: being handled, answered, filed.
  style: {
    classes: STATE_KINDS.map((state) => ({
      id: state,
      label: COMPLAINT_STATE_LABELS[state],
      color: COMPLAINT_STATE_COLORS[state],
      opacity: STATE_KIND_LOOK[state].opacity,
      where: { status: statesOfKind(complaintWorkflow, state) },
    })),
    classOf: (c) => complaintStatusCatalog[p(c).status].kind,
  },
  when: (c) => p(c).received_on,
  label: (c) => c.properties.subject,
};
