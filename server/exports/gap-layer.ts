/** The criteria-gaps layer outside the app: one flat row per gap, with its standard's name. */
import { GAP_STATUSES, gapStatusCatalog } from '../domain/gaps/gap-statuses.ts';
import { publicGap, type Gap } from '../domain/gaps/gap.ts';
import { loadRuleSets } from '../criteria-data.ts';
import { field as fieldOf, type ExportField, type ExportLayer } from './layer.ts';
import { styleByState } from './layer-style.ts';

/** Standard names by rule set and code, read once from the shipped rule sets. */
let names: Map<string, string> | undefined;
function standardName(g: Gap): string | null {
  names ??= new Map(
    loadRuleSets().flatMap((r) => r.standards.map((s) => [`${r.id}/${s.code}`, s.name.vi])),
  );
  return names.get(`${g.properties.rule_set}/${g.properties.standard}`) ?? null;
}

type Field = ExportField<Gap>;
const field = fieldOf<Gap>;

const p = (g: Gap) => g.properties;
/** A value is a number or an ordinal level's id: written as text, so one column holds both. */
const level = (v: number | string | null) => (v === null ? null : String(v));

export const gapFields: readonly Field[] = [
  field('rule_set', 'text', 'public', 'Bộ tiêu chí', 'Rule set', (g) => p(g).rule_set),
  field('standard', 'text', 'public', 'Mã tiêu chuẩn', 'Standard code', (g) => p(g).standard),
  field('standard_name', 'text', 'public', 'Tiêu chuẩn', 'Standard', standardName),
  field('scope', 'text', 'public', 'Phạm vi', 'Scope', (g) => p(g).scope),
  field('title', 'text', 'public', 'Tiêu đề', 'Title', (g) => p(g).title),
  field('description', 'text', 'public', 'Mô tả', 'Description', (g) => p(g).description || null),
  field('current_value', 'text', 'public', 'Giá trị hiện tại', 'Current value', (g) => {
    return level(p(g).current_value);
  }),
  field('target_value', 'text', 'public', 'Giá trị mục tiêu', 'Target value', (g) => {
    return level(p(g).target_value);
  }),
  field('unit', 'text', 'public', 'Đơn vị', 'Unit', (g) => p(g).unit),
  field('source_note', 'text', 'public', 'Nguồn số liệu', 'Source of the figure', (g) => {
    return p(g).source_note;
  }),
  field('status', 'text', 'public', 'Mã trạng thái', 'Status code', (g) => p(g).status),
  field('status_label', 'text', 'public', 'Trạng thái', 'Status', (g) => {
    return gapStatusCatalog[p(g).status].label.vi;
  }),
  field('project_id', 'text', 'public', 'Mã dự án liên quan', 'Linked project', (g) => {
    return p(g).project_id;
  }),
  field('ward_codes', 'text', 'public', 'Mã phường, xã', 'Ward codes', (g) => {
    return p(g).ward_codes.join(', ') || null;
  }),
  field('created_at', 'datetime', 'public', 'Thời điểm ghi nhận', 'Created at', (g) => {
    return p(g).created_at;
  }),
  field('updated_at', 'datetime', 'public', 'Cập nhật lần cuối', 'Updated at', (g) => {
    return p(g).updated_at;
  }),
  field('version', 'integer', 'public', 'Phiên bản', 'Version', (g) => p(g).version),
  field('archived_at', 'datetime', 'staff', 'Thời điểm lưu trữ', 'Archived at', (g) => {
    return p(g).archived_at;
  }),
  field('created_by', 'text', 'staff', 'Người ghi nhận', 'Entered by', (g, c) => {
    const id = p(g).created_by;
    return id ? (c.usernames.get(id) ?? id) : null;
  }),
];

export const gapLayer: ExportLayer<Gap> = {
  name: 'gaps',
  title: { vi: 'Tiêu chí đô thị còn thiếu', en: 'Urban-criteria gaps' },
  fields: gapFields,
  view(state, permissions) {
    const g = state as Gap;
    if (permissions.has('records:read')) return g;
    // The public map does not show archived gaps, nor who entered one.
    return g.properties.archived_at ? null : publicGap(g);
  },
  id: (g) => g.id,
  geometry: (g) => g.geometry,
  shapes: ['points', 'lines', 'areas'],
  // By status, from red (still short) to green (met), as on the map.
  style: styleByState('status', GAP_STATUSES, gapStatusCatalog, (g: Gap) => p(g).status),
  when: (g) => p(g).updated_at,
  label: (g) => g.properties.title,
};
