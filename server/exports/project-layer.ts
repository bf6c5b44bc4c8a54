/** The clearance-projects layer outside the app: one flat row per project, its stages' dates. */
import { projectFor } from '../domain/access/project-visibility.ts';
import {
  landTypeCatalog,
  PROJECT_STAGES,
  projectStageCatalog,
} from '../domain/projects/project-stages.ts';
import { formatDateVi } from '../domain/dates.ts';
import type { ClearanceProject, Households } from '../domain/projects/project.ts';
import { nextDeadline, projectDeadlines } from '../domain/projects/clearance-deadlines.ts';
import { field as fieldOf, type ExportField, type ExportLayer } from './layer.ts';
import { styleByState } from './layer-style.ts';

type Field = ExportField<ClearanceProject>;
const field = fieldOf<ClearanceProject>;

const p = (x: ClearanceProject) => x.properties;

/** One date column per stage, in the legal order. */
const stageDates: Field[] = PROJECT_STAGES.map((stage) => {
  const { vi, en } = projectStageCatalog[stage].date;
  return field(`${stage}_date`, 'date', 'public', vi, en, (x) => {
    return p(x).stage_dates[stage] ?? null;
  });
});

const HOUSEHOLD_LABELS: Record<keyof Households, [string, string]> = {
  total: ['Tổng số hộ', 'Households'],
  counted: ['Số hộ đã kiểm đếm', 'Households counted'],
  agreed: ['Số hộ đồng ý', 'Households agreed'],
  paid: ['Số hộ đã nhận tiền', 'Households paid'],
  handed_over: ['Số hộ đã bàn giao', 'Households handed over'],
};
const households: Field[] = (Object.keys(HOUSEHOLD_LABELS) as (keyof Households)[]).map((key) =>
  field(`households_${key}`, 'integer', 'public', ...HOUSEHOLD_LABELS[key], (x) => {
    return p(x).households[key];
  }),
);

export const projectFields: readonly Field[] = [
  field('name', 'text', 'public', 'Tên dự án', 'Project', (x) => p(x).name),
  field('code', 'text', 'public', 'Mã dự án', 'Project code', (x) => p(x).code),
  field('investor', 'text', 'public', 'Chủ đầu tư', 'Investor', (x) => p(x).investor),
  field('description', 'text', 'public', 'Mô tả', 'Description', (x) => p(x).description),
  field('land_type', 'text', 'public', 'Mã loại đất', 'Land type code', (x) => p(x).land_type),
  field('land_type_label', 'text', 'public', 'Loại đất', 'Land type', (x) => {
    return landTypeCatalog[p(x).land_type].label.vi;
  }),
  field('stage', 'text', 'public', 'Mã bước', 'Stage code', (x) => p(x).stage),
  field('stage_label', 'text', 'public', 'Bước', 'Stage', (x) => {
    return projectStageCatalog[p(x).stage].label.vi;
  }),
  ...stageDates,
  field('area_ha', 'real', 'public', 'Diện tích (ha)', 'Area (ha)', (x) => p(x).area_ha),
  field('ward_codes', 'text', 'public', 'Mã phường, xã', 'Ward codes', (x) => {
    return p(x).ward_codes.join(', ') || null;
  }),
  ...households,
  field('blocked', 'boolean', 'public', 'Vướng mắc', 'Blocked', (x) => p(x).blocked),
  field('next_deadline', 'date', 'public', 'Hạn kế tiếp', 'Next deadline', (x, c) => {
    return nextDeadline(projectDeadlines(p(x), c.today))?.date ?? null;
  }),
  field('overdue', 'boolean', 'public', 'Quá hạn', 'Overdue', (x, c) => {
    return projectDeadlines(p(x), c.today).some((d) => d.overdue);
  }),
  field('created_at', 'datetime', 'public', 'Thời điểm ghi nhận', 'Created at', (x) => {
    return p(x).created_at;
  }),
  field('updated_at', 'datetime', 'public', 'Cập nhật lần cuối', 'Updated at', (x) => {
    return p(x).updated_at;
  }),
  field('version', 'integer', 'public', 'Phiên bản', 'Version', (x) => p(x).version),
  field('obstacles', 'text', 'staff', 'Các vướng mắc', 'Obstacles', (x) => {
    const lines = p(x).obstacles.map((o) => `${formatDateVi(o.since)}: ${o.text}`);
    return lines.length ? lines.join('\n') : null;
  }),
  field('archived_at', 'datetime', 'staff', 'Thời điểm lưu trữ', 'Archived at', (x) => {
    return p(x).archived_at;
  }),
  field('created_by', 'text', 'staff', 'Người nhập', 'Entered by', (x, c) => {
    const id = p(x).created_by;
    return id ? (c.usernames.get(id) ?? id) : null;
  }),
];

export const projectLayer: ExportLayer<ClearanceProject> = {
  name: 'projects',
  title: { vi: 'Dự án giải phóng mặt bằng', en: 'Land-clearance projects' },
  fields: projectFields,
  view(state, permissions) {
    const x = state as ClearanceProject;
    // The public map does not show archived projects; a public file does not either.
    if (x.properties.archived_at && !permissions.has('records:read')) return null;
    return projectFor(x, permissions);
  },
  id: (x) => x.id,
  geometry: (x) => x.geometry,
  shapes: ['areas'],
  // By stage, dark to light as the work advances, as on the map.
  style: styleByState(
    'stage',
    PROJECT_STAGES,
    projectStageCatalog,
    (x: ClearanceProject) => p(x).stage,
  ),
  when: (x) => p(x).created_at,
  label: (x) => x.properties.name,
};
