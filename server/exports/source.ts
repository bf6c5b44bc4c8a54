/**
 * What one export file holds: for each layer, the records created or changed in the month, in
 * their state at its end, as the reader may see them. Rows are pulled one by one from the store's
 * async iterator, so a file of any size passes through in constant memory.
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
import type { ExportMonth } from '../domain/month.ts';
import { projectLayer } from './project-layer.ts';
import { gapLayer } from './gap-layer.ts';
import { complaintLayer } from './complaint-layer.ts';
import { violationLayer } from './violation-layer.ts';
import type { Shape } from '../domain/shapes.ts';
import type { StyleClass } from './layer-style.ts';

/** One record, flattened: its values line up with its section's fields. */
export interface ExportRow {
  id: string;
  name: string;
  /** The id of its class in the layer's style. */
  style: string;
  /** The instant or day it is about (KML's TimeStamp). */
  when: string | null;
  /** Parsed on first use: GeoJSON copies `geometryJson` and never needs the object. */
  readonly geometry: ExportGeometry | null;
  /** The geometry as `JSON.stringify` writes it. */
  readonly geometryJson: string;
  values: FieldValue[];
}

/** What a format needs to know of a field: everything but how its value is computed. */
export type FieldInfo = Omit<ExportField<unknown>, 'value'>;

export interface ExportSection {
  layer: {
    name: RecordLayer;
    title: Localized;
    shapes: readonly Shape[];
    classes: readonly StyleClass[];
  };
  fields: readonly FieldInfo[];
  /**
   * Pulls the rows from the store; each call starts a new pass. Call `return()` on it when
   * stopping early, so the store lets its reader go.
   */
  rows(): AsyncGenerator<ExportRow>;
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

/** A row whose geometry is held as an object or as its JSON text, and made the other on demand. */
class Row implements ExportRow {
  #geometry: ExportGeometry | null | undefined;
  #geometryJson: string | undefined;

  constructor(
    readonly id: string,
    readonly name: string,
    readonly style: string,
    readonly when: string | null,
    readonly values: FieldValue[],
    geometry: ExportGeometry | null | undefined,
    geometryJson?: string,
  ) {
    this.#geometry = geometry;
    this.#geometryJson = geometryJson;
  }

  get geometry(): ExportGeometry | null {
    if (this.#geometry === undefined) this.#geometry = JSON.parse(this.#geometryJson!);
    return this.#geometry!;
  }

  get geometryJson(): string {
    return (this.#geometryJson ??= JSON.stringify(this.#geometry));
  }
}

/**
 * A stored state as `JSON.stringify` writes a Feature, `{"type":"Feature","id":"…","geometry":{…},
 * "properties":{…}}`: one JSON.parse of the whole and one JSON.stringify of its geometry are most
 * of an export's work, and the geometry's text is already what the file needs (serialising parsed
 * numbers again gives their same shortest form). The cut is taken only when the geometry's text
 * is nothing but a type and numbers, so it cannot end early or late; anything else is parsed.
 */
const FEATURE_HEAD = '{"type":"Feature","id":"';
const GEOMETRY_KEY = '","geometry":';
const PROPERTIES_KEY = ',"properties":';
const PLAIN_GEOMETRY = /^(?:null|\{"type":"[A-Za-z]+","coordinates":[-+.\deE,[\]]*\})$/;

/** The state's text with `null` for its geometry, and the geometry's text; null if not so simple. */
export function cutGeometry(json: string): { rest: string; geometry: string } | null {
  if (!json.startsWith(FEATURE_HEAD)) return null;
  // A JSON string holds no bare quote: the first `","geometry":` closes the id.
  const key = json.indexOf(GEOMETRY_KEY, FEATURE_HEAD.length);
  if (key < 0) return null;
  const start = key + GEOMETRY_KEY.length;
  const end = json.indexOf(PROPERTIES_KEY, start);
  if (end < 0) return null;
  const geometry = json.slice(start, end);
  if (!PLAIN_GEOMETRY.test(geometry)) return null;
  return { rest: `${json.slice(0, start)}null${json.slice(end)}`, geometry };
}

/** A state parsed, with its geometry's text when it was cut out of the stored text. */
interface ParsedState {
  state: unknown;
  geometryJson?: string;
}

/** The month's states of a layer, from their stored text when the store answers it. */
async function* statesOf(
  store: Store,
  layer: RecordLayer,
  month: ExportMonth,
): AsyncGenerator<ParsedState> {
  const { versions } = store;
  // `for await` calls the store's `return()` when the loop stops early (an error, a client gone).
  if (!versions.stateJsonChangedIn) {
    for await (const { state } of versions.statesChangedIn(layer, month.since, month.until)) {
      yield { state };
    }
    return;
  }
  for await (const { json } of versions.stateJsonChangedIn(layer, month.since, month.until)) {
    const cut = cutGeometry(json);
    yield cut
      ? { state: JSON.parse(cut.rest), geometryJson: cut.geometry }
      : { state: JSON.parse(json) };
  }
}

function sectionOf<T>(
  layer: ExportLayer<T>,
  store: Store,
  { month, permissions }: SourceOptions,
  context: FieldContext,
): ExportSection {
  const fields = fieldsFor(layer, permissions);
  return {
    layer: {
      name: layer.name,
      title: layer.title,
      shapes: layer.shapes,
      classes: layer.style.classes,
    },
    fields,
    async *rows() {
      for await (const { state, geometryJson } of statesOf(store, layer.name, month)) {
        const record = layer.view(state, permissions);
        if (record === null) continue;
        const values = fields.map((f) => f.value(record, context));
        // A cut-out geometry is the state's own: no view changes where a record is.
        const head = [
          layer.id(record),
          layer.label(record),
          layer.style.classOf(record),
          layer.when(record),
        ] as const;
        yield geometryJson === undefined
          ? new Row(...head, values, layer.geometry(record))
          : new Row(...head, values, undefined, geometryJson);
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

/** Every layer that exports, in file order. */
export const EXPORT_LAYERS: readonly ExportableLayer[] = [
  exportable(violationLayer),
  exportable(projectLayer),
  exportable(gapLayer),
  exportable(complaintLayer),
];
export const EXPORT_LAYER_NAMES: readonly RecordLayer[] = EXPORT_LAYERS.map((l) => l.name);

export async function exportSource(store: Store, options: SourceOptions): Promise<ExportSource> {
  // Read before any row: a file's iterator may hold the store's only connection (in memory).
  const usernames = new Map((await store.users.list()).map((u) => [u.id, u.username]));
  const context: FieldContext = { today: options.month.judgedOn, usernames };
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
