/**
 * Features written as the text `JSON.stringify` makes of {type, id, geometry, properties}, without
 * building each object and serialising it: the keys are written once, the geometry comes as text
 * (copied from the store, its polygons wound as RFC 7946 asks), and only the values are
 * serialised. Thousands of features a request
 * (OGC API) or a million a file (exports) make this most of their time.
 */
import { rfc7946WindingJson } from '../domain/winding.ts';
import type { FieldValue } from './layer.ts';

/** A value as JSON.stringify writes it; only a string needs its work (quotes, escapes). */
function json(value: FieldValue): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  return value === null ? 'null' : value ? 'true' : 'false';
}

/** Writes features whose properties are these fields in order, after `layer` when given. */
export function featureWriter(
  names: readonly string[],
  layer?: string,
): (id: string, geometryJson: string, values: readonly FieldValue[]) => string {
  const head = layer === undefined ? '' : `"layer":${JSON.stringify(layer)}`;
  const keys = names.map((name) => `${JSON.stringify(name)}:`);
  const commaKeys = keys.map((key) => `,${key}`);
  return (id, geometryJson, values) => {
    // Pieces joined once: a flat string, not a tree of thousands of small joins kept alive
    // until a whole answer is written.
    const parts = [
      `{"type":"Feature","id":${JSON.stringify(id)},"geometry":${rfc7946WindingJson(geometryJson)},"properties":{`,
    ];
    let first = head === '';
    if (!first) parts.push(head);
    for (let i = 0; i < keys.length; i++) {
      const value = values[i];
      // JSON.stringify leaves out a key whose value is undefined.
      if (value === undefined) continue;
      parts.push(first ? keys[i]! : commaKeys[i]!, json(value));
      first = false;
    }
    parts.push('}}');
    return parts.join('');
  };
}
