/** A record's column values as SQLite keeps them: flags as 0/1, lists as JSON arrays. */
import type { ColumnValue } from '../../domain/engine/record-kind.ts';

export function sqliteValue(value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (Array.isArray(value)) return JSON.stringify(value);
  return value;
}

export function sqliteRow(values: Record<string, ColumnValue>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, sqliteValue(v)]));
}
