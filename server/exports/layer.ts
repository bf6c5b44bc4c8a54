/**
 * What a layer looks like outside the app (exports, OGC API): flat, typed fields in a fixed order,
 * each for an audience. Every format writes the same fields, so a column means the same thing in
 * GeoJSON, CSV, KML and GeoPackage. Projects and gaps plug in as further ExportLayers.
 */
import type { LineString, MultiPolygon, Point, Polygon } from 'geojson';
import type { Permission } from '../domain/access/permissions.ts';
import type { Localized } from '../domain/i18n.ts';
import type { RecordLayer } from '../store/store.ts';
import type { Shape } from '../domain/shapes.ts';
import type { LayerStyle } from './layer-style.ts';

/** How a field is typed in GeoPackage (and read back by GDAL); CSV and KML write its text. */
export type FieldType = 'text' | 'integer' | 'real' | 'boolean' | 'date' | 'datetime';
export type FieldValue = string | number | boolean | null;
/**
 * The geometries the layers hold (a clearance project may be several polygons, a criteria gap a
 * street's line).
 */
export type ExportGeometry = Point | LineString | Polygon | MultiPolygon;

/**
 * Who may see a field: anyone (the public view), signed-in staff (`records:read`), or those who may
 * see violators (`violators:read`). A public file has no staff columns at all, not empty ones.
 */
export type Audience = 'public' | 'staff' | 'violator';

const AUDIENCE_PERMISSION: Record<Audience, Permission> = {
  public: 'public:read',
  staff: 'records:read',
  violator: 'violators:read',
};

/** What a value may depend on beyond the record: fixed per file, so a file is repeatable. */
export interface FieldContext {
  /** The day deadlines are judged on: the month's last day in an export, today in the OGC API. */
  today: string;
  /** User id → username (usernames never change, unlike display names). */
  usernames: ReadonlyMap<string, string>;
}

export interface ExportField<T> {
  /** snake_case ASCII: a column name every GIS tool and spreadsheet takes. */
  name: string;
  type: FieldType;
  audience: Audience;
  /** Vietnamese and English titles (KML displayName, documentation). */
  label: Localized;
  value(record: T, context: FieldContext): FieldValue;
}

export interface ExportLayer<T = unknown> {
  name: RecordLayer;
  title: Localized;
  fields: readonly ExportField<T>[];
  /**
   * A stored state as a reader with these permissions may see it, or null to leave it out (an
   * archived record is not on the public map, so not in a public file).
   */
  view(state: unknown, permissions: ReadonlySet<Permission>): T | null;
  id(record: T): string;
  /** Null for a record with no one place (a criteria gap of a whole ward). */
  geometry(record: T): ExportGeometry | null;
  /**
   * The shapes its records take. A file gives a layer of several a table of each beside the
   * mixed one: QGIS types a table by its first feature and draws nothing of the other shapes.
   */
  shapes: readonly Shape[];
  /** Its classes and colours, as the map draws them (KML styles). */
  style: LayerStyle<T>;
  /** The instant or day a record is about (KML's TimeStamp): what the OGC API's datetime filters. */
  when(record: T): string | null;
  /** A record's short title (the placemark's name in KML): what a person sees first. */
  label(record: T): string;
}

/** One field of a layer, its titles in Vietnamese and English. */
export function field<T>(
  name: string,
  type: FieldType,
  audience: Audience,
  vi: string,
  en: string,
  value: (record: T, context: FieldContext) => FieldValue,
): ExportField<T> {
  return { name, type, audience, label: { vi, en }, value };
}

/** The fields a reader with these permissions sees, in the layer's order. */
export function fieldsFor<T>(
  layer: ExportLayer<T>,
  permissions: ReadonlySet<Permission>,
): ExportField<T>[] {
  return layer.fields.filter((f) => permissions.has(AUDIENCE_PERMISSION[f.audience]));
}
