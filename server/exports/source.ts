/**
 * What one export file holds: for each layer, the records created or changed in the month, in
 * their state at its end, as the reader may see them. Rows are pulled one by one from the store's
 * iterator, so a file of any size passes through in constant memory.
 */
import type { Permission } from '../domain/access/permissions.ts';
import type { RecordLayer, Store } from '../store/store.ts';
import type { Localized } from '../domain/i18n.ts';
import {
  fieldsFor,
  type ExportField,
  type ExportGeometry,
  type ExportLayer,
  type FieldContext,
  type FieldValue,
} from './layer.ts';
import type { ExportMonth } from './month.ts';
import { projectLayer } from './project-layer.ts';
import { gapLayer } from './gap-layer.ts';
import { violationLayer } from './violation-layer.ts';

/** One record, flattened: its values line up with its section's fields. */
export interface ExportRow {
  id: string;
  name: string;
  geometry: ExportGeometry | null;
  values: FieldValue[];
}

/** What a format needs to know of a field: everything but how its value is computed. */
export type FieldInfo = Omit<ExportField<unknown>, 'value'>;

export interface ExportSection {
  layer: { name: RecordLayer; title: Localized };
  fields: readonly FieldInfo[];
  /** Pulls the rows from the store; each call starts a new pass. */
  rows(): Generator<ExportRow>;
}

export interface ExportSource {
  month: ExportMonth;
  /** `public`: the anonymous view, what may be published; `full`: as the reader may see it. */
  view: 'public' | 'full';
  sections: ExportSection[];
}

export interface SourceOptions {
  month: ExportMonth;
  layers: readonly RecordLayer[];
  view: 'public' | 'full';
  /** What the reader may see; a public file is made with the anonymous set whoever asks. */
  permissions: ReadonlySet<Permission>;
}

function sectionOf<T>(
  layer: ExportLayer<T>,
  store: Store,
  { month, permissions }: SourceOptions,
  context: FieldContext,
): ExportSection {
  const fields = fieldsFor(layer, permissions);
  return {
    layer: { name: layer.name, title: layer.title },
    fields,
    *rows() {
      const states = store.versions.statesChangedIn(layer.name, month.since, month.until);
      for (const { state } of states) {
        const record = layer.view(state, permissions);
        if (record === null) continue;
        yield {
          id: layer.id(record),
          name: layer.label(record),
          geometry: layer.geometry(record),
          values: fields.map((f) => f.value(record, context)),
        };
      }
    },
  };
}

/** A layer with its record type closed over, so layers of different types share one list. */
interface ExportableLayer {
  name: RecordLayer;
  section(store: Store, options: SourceOptions, context: FieldContext): ExportSection;
}

function exportable<T>(layer: ExportLayer<T>): ExportableLayer {
  return { name: layer.name, section: (...args) => sectionOf(layer, ...args) };
}

/** Every layer that exports, in file order. Projects and gaps join here when they exist. */
export const EXPORT_LAYERS: readonly ExportableLayer[] = [
  exportable(violationLayer),
  exportable(projectLayer),
  exportable(gapLayer),
];
export const EXPORT_LAYER_NAMES: readonly RecordLayer[] = EXPORT_LAYERS.map((l) => l.name);

export function exportSource(store: Store, options: SourceOptions): ExportSource {
  // Read before any row: a file's iterator may hold the store's only connection (in memory).
  const usernames = new Map(store.users.list().map((u) => [u.id, u.username]));
  const context: FieldContext = { today: options.month.lastDay, usernames };
  const sections = EXPORT_LAYERS.filter((l) => options.layers.includes(l.name)).map((l) =>
    l.section(store, options, context),
  );
  return { month: options.month, view: options.view, sections };
}

/** The title a file carries inside (GeoJSON name, KML document, GeoPackage description). */
export function exportTitle(source: ExportSource): string {
  const [year, month] = source.month.id.split('-');
  const layers = source.sections.map((s) => s.layer.title.vi).join(', ');
  const view = source.view === 'public' ? ' (công khai)' : '';
  const provisional = source.month.final ? '' : ' — tạm tính, tháng chưa kết thúc';
  return `${layers} — tháng ${month}/${year}${view}${provisional}`;
}
