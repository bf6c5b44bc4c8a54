/**
 * What changed between two versions of a record, field by field, for the audit log: a Feature's
 * properties by name (nested objects one level down, e.g. violator.name), its geometry as one
 * field; lists as a whole, an appended item (a note, a step) shown as what was added.
 */

export interface FieldChange {
  field: string;
  before: string;
  after: string;
}

/** Bookkeeping every change touches, and codes beside their names: not news. */
const ALWAYS_SKIP = new Set(['version', 'updated_at', 'ward.code']);
/** Also left out of a new record's summary: set by the system or shown elsewhere in the entry. */
const SKIP_ON_CREATE = new Set(['id', 'created_at', 'created_by', 'observed_at', 'user_id']);
/** Parts of a list item that say nothing to a reader. */
const ITEM_NOISE = new Set(['id', 'by', 'at', 'entered_at', 'user_id', 'created_at']);
const MAX_TEXT = 160;

type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function shorten(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}

/** A geometry in a few words: a point's coordinates, a polygon's size. */
function geometryText(g: Plain): string {
  const coords = g.coordinates;
  if (g.type === 'Point' && Array.isArray(coords)) {
    return `Point ${coords.map((c) => Number(c).toFixed(6)).join(', ')}`;
  }
  const ring = Array.isArray(coords) && Array.isArray(coords[0]) ? coords[0] : [];
  return `${String(g.type)} (${ring.length})`;
}

/**
 * How a reader writes a string of a field (dates in the office's format, codes as their labels);
 * `field` is dotted for a list item's part, e.g. `steps.status`. As is by default.
 */
export type TextFormat = (text: string, field: string) => string;
const asIs: TextFormat = (text) => text;

/** A field's value as one short line of text. */
export function compact(value: unknown, field: string, format: TextFormat = asIs): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string') return shorten(format(value, field));
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    const separator = value.some(isPlain) ? ' | ' : ', ';
    return shorten(value.map((v) => compact(v, field, format)).join(separator));
  }
  if (isPlain(value)) {
    if ('coordinates' in value && typeof value.type === 'string') return geometryText(value);
    const parts = Object.entries(value)
      .filter(([k, v]) => !ITEM_NOISE.has(k) && v !== null && typeof v !== 'object' && v !== '')
      .map(([k, v]) => (typeof v === 'string' ? format(v, `${field}.${k}`) : String(v)));
    return shorten(parts.join(' · '));
  }
  return shorten(String(value));
}

/** Fields by name: a Feature's properties and geometry, or a plain record's own fields. */
function fields(record: unknown): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (!isPlain(record)) return out;
  const isFeature = record.type === 'Feature' && isPlain(record.properties);
  const top = isFeature ? (record.properties as Plain) : record;
  if (isFeature && record.geometry) out.set('geometry', record.geometry);
  for (const [key, value] of Object.entries(top)) {
    if (isPlain(value) && !('coordinates' in value)) {
      for (const [sub, v] of Object.entries(value)) out.set(`${key}.${sub}`, v);
    } else {
      out.set(key, value);
    }
  }
  return out;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const empty = (v: unknown) =>
  v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

/** The fields that differ between two versions; `before` null for a new record. */
export function diffRecords(
  before: unknown,
  after: unknown,
  format: TextFormat = asIs,
): FieldChange[] {
  const a = fields(before);
  const b = fields(after);
  const created = before === null || before === undefined;
  const changes: FieldChange[] = [];
  for (const field of new Set([...a.keys(), ...b.keys()])) {
    if (ALWAYS_SKIP.has(field) || (created && SKIP_ON_CREATE.has(field))) continue;
    const was = a.get(field);
    const now = b.get(field);
    if (same(was, now) || (empty(was) && empty(now))) continue;
    if (Array.isArray(was) && Array.isArray(now) && now.length > was.length) {
      const appended = was.every((item, i) => same(item, now[i]));
      if (appended) {
        const added = compact(now.slice(was.length), field, format);
        changes.push({ field, before: '', after: `+ ${added}` });
        continue;
      }
    }
    changes.push({
      field,
      before: created ? '' : compact(was, field, format),
      after: compact(now, field, format),
    });
  }
  return changes;
}
