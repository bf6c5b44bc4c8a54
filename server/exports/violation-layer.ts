/** The violations layer outside the app: one flat row per case, its steps' numbers and dates. */
import { violationFor } from '../domain/access/visibility.ts';
import { VIOLATION_KINDS, violationKindCatalog } from '../domain/violations/violation-kinds.ts';
import {
  violationStatusCatalog,
  violationWorkflow,
} from '../domain/violations/violation-statuses.ts';
import type { ViolationStatus } from '../domain/violations/violation-statuses.ts';
import { formatDateVi, localDate } from '../domain/dates.ts';
import { isOverdue, type Violation, type ViolationStep } from '../domain/violations/violation.ts';
import { field as fieldOf, type ExportField, type ExportLayer } from './layer.ts';
import { STATE_KIND_LOOK, STATE_KINDS } from '../domain/state-look.ts';
import { statesOfKind } from '../domain/engine/workflow.ts';

/** The latest step into a status (a case may be decided again after an appeal). */
function lastStep(v: Violation, status: ViolationStatus): ViolationStep | undefined {
  return v.properties.steps.findLast((s) => s.status === status);
}

function detail(step: ViolationStep | undefined, key: string): string | null {
  const value = step?.details[key];
  return typeof value === 'string' ? value : null;
}

type Field = ExportField<Violation>;
const field = fieldOf<Violation>;

const p = (v: Violation) => v.properties;

export const violationFields: readonly Field[] = [
  field('kind', 'text', 'public', 'Mã loại vi phạm', 'Kind code', (v) => p(v).kind),
  field('kind_label', 'text', 'public', 'Loại vi phạm', 'Kind', (v) => {
    return violationKindCatalog[p(v).kind].label.vi;
  }),
  field('status', 'text', 'public', 'Mã trạng thái', 'Status code', (v) => p(v).status),
  field('status_label', 'text', 'public', 'Trạng thái', 'Status', (v) => {
    return violationStatusCatalog[p(v).status].label.vi;
  }),
  field('description', 'text', 'public', 'Mô tả', 'Description', (v) => p(v).description),
  field('address', 'text', 'public', 'Địa chỉ', 'Address', (v) => p(v).address),
  field('ward_code', 'text', 'public', 'Mã đơn vị hành chính', 'Ward code', (v) => {
    return p(v).ward?.code ?? null;
  }),
  field('ward_name', 'text', 'public', 'Phường, xã', 'Ward', (v) => p(v).ward?.name ?? null),
  field('observed_at', 'datetime', 'public', 'Thời điểm phát hiện', 'Observed at', (v) => {
    return p(v).observed_at;
  }),
  field('created_at', 'datetime', 'public', 'Thời điểm ghi nhận', 'Created at', (v) => {
    return p(v).created_at;
  }),
  field('updated_at', 'datetime', 'public', 'Cập nhật lần cuối', 'Updated at', (v) => {
    return p(v).updated_at;
  }),
  field('version', 'integer', 'public', 'Phiên bản', 'Version', (v) => p(v).version),
  field('deadline', 'date', 'public', 'Hạn xử lý', 'Deadline', (v) => p(v).deadline),
  field('overdue', 'boolean', 'public', 'Quá hạn', 'Overdue', (v, c) => {
    return isOverdue(p(v).deadline, c.today);
  }),
  field('record_date', 'date', 'public', 'Ngày lập biên bản', 'Record date', (v) => {
    return lastStep(v, 'recorded')?.date ?? null;
  }),
  field('record_number', 'text', 'staff', 'Số biên bản', 'Record number', (v) => {
    return detail(lastStep(v, 'recorded'), 'record_number');
  }),
  field('decision_date', 'date', 'public', 'Ngày quyết định xử phạt', 'Decision date', (v) => {
    return lastStep(v, 'decided')?.date ?? null;
  }),
  field('decision_number', 'text', 'staff', 'Số quyết định', 'Decision number', (v) => {
    return detail(lastStep(v, 'decided'), 'decision_number');
  }),
  field('remedy_deadline', 'date', 'staff', 'Hạn khắc phục', 'Remedy deadline', (v) => {
    return detail(lastStep(v, 'decided'), 'remedy_deadline');
  }),
  field('archived_at', 'datetime', 'staff', 'Thời điểm lưu trữ', 'Archived at', (v) => {
    return p(v).archived_at;
  }),
  field('reported_by', 'text', 'staff', 'Người báo cáo', 'Reported by', (v, c) => {
    const id = p(v).created_by;
    return id ? (c.usernames.get(id) ?? id) : null;
  }),
  field('photo_count', 'integer', 'staff', 'Số ảnh', 'Photos', (v) => p(v).photos.length),
  field('notes', 'text', 'staff', 'Ghi chú', 'Notes', (v) => {
    const notes = p(v).notes.map((n) => `${formatDateVi(localDate(new Date(n.at)))}: ${n.text}`);
    return notes.length ? notes.join('\n') : null;
  }),
  field('violator_name', 'text', 'violator', 'Người vi phạm', 'Violator', (v) => {
    return p(v).violator?.name ?? null;
  }),
  field('violator_id_number', 'text', 'violator', 'Số CCCD / ĐKKD', 'Violator ID number', (v) => {
    return p(v).violator?.id_number ?? null;
  }),
  field(
    'violator_address',
    'text',
    'violator',
    'Địa chỉ người vi phạm',
    'Violator address',
    (v) => {
      return p(v).violator?.address ?? null;
    },
  ),
];

export const violationLayer: ExportLayer<Violation> = {
  name: 'violations',
  title: { vi: 'Vi phạm trật tự đô thị', en: 'Urban-order violations' },
  fields: violationFields,
  view(state, permissions) {
    const v = state as Violation;
    // The public map does not show archived cases; a public file does not either.
    if (v.properties.archived_at && !permissions.has('records:read')) return null;
    return violationFor(v, permissions);
  },
  id: (v) => v.id,
  geometry: (v) => v.geometry,
  shapes: ['points', 'areas'],
  // By kind, as the map fills an area; finished cases fade.
  style: {
    classes: VIOLATION_KINDS.flatMap((kind) =>
      STATE_KINDS.map((state) => ({
        id: `${kind}-${state}`,
        label: {
          vi: `${violationKindCatalog[kind].label.vi} — ${STATE_KIND_LOOK[state].label.vi}`,
          en: `${violationKindCatalog[kind].label.en} — ${STATE_KIND_LOOK[state].label.en}`,
        },
        color: violationKindCatalog[kind].color,
        opacity: STATE_KIND_LOOK[state].opacity,
        where: { kind: [kind], status: statesOfKind(violationWorkflow, state) },
      })),
    ),
    classOf: (v) => `${p(v).kind}-${violationStatusCatalog[p(v).status].kind}`,
  },
  when: (v) => p(v).observed_at,
  label: (v) => violationKindCatalog[v.properties.kind].label.vi,
};
