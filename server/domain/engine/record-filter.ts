/**
 * A kind's filter applied to one record in memory, with the meaning the stores give it in SQL:
 * where SQL cannot see the record (its state at a past instant, read from the version history).
 */
import { bboxPolygon } from '@turf/bbox-polygon';
import { booleanIntersects } from '@turf/boolean-intersects';
import { shapeOf } from '../shapes.ts';
import { matchesSearch } from '../text.ts';
import {
  commonColumns,
  narrowing,
  type ColumnValue,
  type FilterOp,
  type KindFilter,
  type KindRecord,
  type RecordKind,
} from './record-kind.ts';

function holds(op: FilterOp, column: ColumnValue, value: unknown): boolean {
  switch (op) {
    case 'eq':
      return column === value;
    case 'in':
      return (value as readonly unknown[]).includes(column);
    case 'from':
      return column !== null && (column as string) >= (value as string);
    case 'to':
      return column !== null && (column as string) <= (value as string);
    case 'missedBy':
      return column !== null && (column as string) < (value as string);
    case 'keptOn':
      return column === null || (column as string) >= (value as string);
    case 'has':
      return Array.isArray(column) && column.includes(value as string);
  }
}

export function matchesRecordFilter<R extends KindRecord, F extends KindFilter>(
  kind: RecordKind<R, F>,
  record: R,
  filter: F,
): boolean {
  const archived = record.properties.archived_at != null;
  if (archived ? filter.archived === undefined : filter.archived === 'only') return false;
  // Only the columns the filter names are worked out: a kind's column may be a computation (a
  // petition's running clocks), and a past page tests every record of the layer.
  const common = commonColumns(record);
  const valueOf = (column: string): ColumnValue => {
    const own = kind.columns[column];
    return own ? own(record) : (common[column as keyof typeof common] ?? null);
  };
  for (const { column, op, value } of narrowing(kind.filters, filter)) {
    if (!holds(op, valueOf(column), value)) return false;
  }
  if (filter.shape && shapeOf(record.geometry) !== filter.shape) return false;
  if (filter.bbox) {
    if (!record.geometry || !booleanIntersects(bboxPolygon(filter.bbox), record.geometry)) {
      return false;
    }
  }
  return !filter.q || matchesSearch(kind.searchText(record), filter.q);
}
