/**
 * A kind of record declared once: the columns the stores keep beside its JSON, what a list of it
 * can be narrowed by, how a list is ordered, the words its search finds and how people name it.
 * The stores (sqlite/record-repository.ts, postgres/record-repository.ts), the past pages and the
 * change path (services/record-engine.ts) are made from the declaration, never written per kind.
 */
import type { BBox, Geometry } from 'geojson';
import type { Permission } from '../access/permissions.ts';
import type { Localized } from '../i18n.ts';
import type { Shape } from '../shapes.ts';

/**
 * The layers whose records the engine's stores keep. Violations change through the engine too
 * (services/record-engine.ts), but keep a store of their own, built for a million of them.
 */
export const KIND_LAYERS = ['projects', 'gaps', 'complaints'] as const;
export type KindLayer = (typeof KIND_LAYERS)[number];

/** Every layer of map records (exports, OGC API, the version table). */
export type RecordLayer = 'violations' | KindLayer;

/** What the change path needs of a record: its id, whether it is archived, and its version. */
export interface VersionedRecord {
  id: string;
  properties: { archived_at: string | null; version: number };
}

/** What every record of every kind carries: a GeoJSON feature (a place or none) with its clocks. */
export interface KindRecord {
  type: 'Feature';
  id: string;
  geometry: Geometry | null;
  properties: {
    created_at: string;
    updated_at: string;
    archived_at: string | null;
    version: number;
    /** The wards the record's place lies in (period-keyed codes); none for a record without one. */
    ward_codes: readonly string[];
  };
}

/** A value the stores keep in a column: text, a number, a flag or a list of codes. */
export type ColumnValue = string | number | boolean | null | readonly string[];

/**
 * How one field of a filter narrows a list by one column (the same meaning in SQL and in memory):
 * - `eq`: the column equals the value; `in`: it is one of the values (an empty list narrows
 *   nothing);
 * - `from` / `to`: at or after / at or before the value (instants and dates compare as text);
 * - `missedBy`: the column holds a date before the value (a deadline missed on that day);
 * - `keptOn`: the column holds no date before the value (no deadline missed on that day);
 * - `has`: the column's list holds the value.
 */
export type FilterOp = 'eq' | 'in' | 'from' | 'to' | 'missedBy' | 'keptOn' | 'has';

export interface FilterField {
  column: string;
  op: FilterOp;
}

/** What every kind's list can be narrowed by, and its page. */
export interface KindFilter {
  /** Records whose place meets the box (edges count); records with no place are left out. */
  bbox?: BBox;
  /** Records lying in this ward (period-keyed code), wholly or partly. */
  ward?: string;
  /** Words that must all appear (diacritics and đ ignored). */
  q?: string;
  /** Archived records are left out unless asked for: `only` them, or `include` them. */
  archived?: 'only' | 'include';
  /** Records of this shape (points, lines or areas): a GIS layer of one geometry type. */
  shape?: Shape;
  /** `deadline`: the nearest running clock first (a kind with clocks); else the kind's order. */
  sort?: 'deadline';
  limit: number;
  offset: number;
}

/** Who reads: their id (null for the public) and what they may see. */
export interface KindReader {
  id: string | null;
  permissions: ReadonlySet<Permission>;
}

/** The fields a kind adds to `KindFilter`, each declared as a column and how it narrows. */
export type KindFilterFields<F extends KindFilter> = {
  readonly [K in Exclude<keyof F, keyof KindFilter>]-?: FilterField;
};

/**
 * What the change path (services/record-engine.ts) knows of a kind: its name, what each reader
 * may see of it, and who may read its past. Every kind declares it; a `RecordKind` adds how the
 * engine's stores keep it.
 */
export interface KindIdentity<R extends VersionedRecord> {
  layer: RecordLayer;
  /** The record's name in a sentence, lower case: "dự án" / "project". */
  noun: Localized;
  /**
   * A record as this reader may see it, in the same shape: the parts that
   * stay inside the office taken out. Applied to every state a reader is shown, past ones too.
   */
  redact(record: R, reader: KindReader): R;
  /** Whether a record's past (one or a list as of a date) is for staff only (`records:read`). */
  pastForStaff: boolean;
}

export interface RecordKind<R extends KindRecord, F extends KindFilter> extends KindIdentity<R> {
  layer: KindLayer;
  /**
   * The columns kept beside the record's JSON for its filters and indexes, each a value of the
   * record. Every kind also has id, geom_type, ward_codes, its clocks, version, geometry and
   * properties, which the stores write themselves.
   */
  columns: Readonly<Record<string, (record: R) => ColumnValue>>;
  /** A list's order: this instant, newest first, then the newest written first. */
  order: 'created_at' | 'updated_at';
  /** The column of the earliest clock still running, for `sort: 'deadline'` (kinds with clocks). */
  deadline?: string;
  /** The folded words a text search looks in (domain/text.ts). */
  searchText(record: R): string;
  filters: KindFilterFields<F>;
}

/** The names of the columns every kind has, before its own (`commonColumns` gives their values). */
export const COMMON_COLUMNS = [
  'id',
  'geom_type',
  'ward_codes',
  'created_at',
  'updated_at',
  'archived_at',
  'version',
] as const;

/** Every column a store keeps of a kind besides its JSON, in the order `columnValues` gives. */
export function columnNames<R extends KindRecord, F extends KindFilter>(
  kind: RecordKind<R, F>,
): string[] {
  return [...COMMON_COLUMNS, ...Object.keys(kind.columns)];
}

/** The columns a store keeps of every kind of record, before the kind's own. */
export function commonColumns(
  record: KindRecord,
): Record<(typeof COMMON_COLUMNS)[number], ColumnValue> {
  const p = record.properties;
  return {
    id: record.id,
    geom_type: record.geometry?.type ?? null,
    ward_codes: [...new Set(p.ward_codes)],
    created_at: p.created_at,
    updated_at: p.updated_at,
    archived_at: p.archived_at,
    version: p.version,
  };
}

/** Every column value of a record, the common ones first, in the declaration's order. */
export function columnValues<R extends KindRecord>(
  kind: RecordKind<R, KindFilter>,
  record: R,
): Record<string, ColumnValue> {
  const own = Object.entries(kind.columns).map(([name, of]) => [name, of(record)] as const);
  return { ...commonColumns(record), ...Object.fromEntries(own) };
}

/**
 * The filter's fields that narrow (a value given; an empty list or text narrows nothing), as
 * column, op and value: what each store turns into SQL and the past pages test in memory.
 */
export function narrowing<F extends KindFilter>(
  fields: KindFilterFields<F>,
  filter: F,
): { column: string; op: FilterOp; value: unknown }[] {
  const given: { column: string; op: FilterOp; value: unknown }[] = [];
  if (filter.ward) given.push({ column: 'ward_codes', op: 'has', value: filter.ward });
  for (const [field, { column, op }] of Object.entries(fields) as [string, FilterField][]) {
    const value = (filter as Record<string, unknown>)[field];
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value) && value.length === 0) continue;
    given.push({ column, op, value });
  }
  return given;
}
