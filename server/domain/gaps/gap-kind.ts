/** Criteria gaps as a kind of record: what the stores keep of them and how lists narrow. */
import type { RecordKind } from '../engine/record-kind.ts';
import type { GapFilter } from './gap-filter.ts';
import { gapSearchableText } from './gap-search.ts';
import { publicGap, type Gap } from './gap.ts';

export const gapKind: RecordKind<Gap, GapFilter> = {
  layer: 'gaps',
  noun: { vi: 'tiêu chí còn thiếu', en: 'criteria gap' },
  columns: {
    rule_set: (r) => r.properties.rule_set,
    standard: (r) => r.properties.standard,
    scope: (r) => r.properties.scope,
    status: (r) => r.properties.status,
    project_id: (r) => r.properties.project_id,
  },
  order: 'updated_at',
  searchText: gapSearchableText,
  filters: {
    ruleSet: { column: 'rule_set', op: 'eq' },
    standards: { column: 'standard', op: 'in' },
    statuses: { column: 'status', op: 'in' },
    scope: { column: 'scope', op: 'eq' },
    updatedFrom: { column: 'updated_at', op: 'from' },
    updatedTo: { column: 'updated_at', op: 'to' },
  },
  redact: (gap, reader) => (reader.permissions.has('records:read') ? gap : publicGap(gap)),
  // Gaps are planning facts the city publishes: their past is public too, archived ones aside.
  pastForStaff: false,
};
