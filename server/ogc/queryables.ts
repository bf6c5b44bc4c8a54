/**
 * A collection's queryables (OGC API – Features Part 3): the properties its features carry, as a
 * JSON Schema, so a client can list the fields (and their types) before reading any feature. A
 * reader is told only of the fields they may read.
 */
import type { FieldInfo } from '../exports/source.ts';
import type { FieldType } from '../exports/layer.ts';

export interface Queryable {
  type: 'string' | 'integer' | 'number' | 'boolean';
  format?: 'date' | 'date-time';
  title?: string;
}

const SCHEMA: Record<FieldType, Queryable> = {
  text: { type: 'string' },
  integer: { type: 'integer' },
  real: { type: 'number' },
  boolean: { type: 'boolean' },
  date: { type: 'string', format: 'date' },
  datetime: { type: 'string', format: 'date-time' },
};

/** An export layer's fields as queryables, titled in Vietnamese and English. */
export function fieldQueryables(fields: readonly FieldInfo[]): Record<string, Queryable> {
  return Object.fromEntries(
    fields.map((f) => [f.name, { ...SCHEMA[f.type], title: `${f.label.vi} / ${f.label.en}` }]),
  );
}

/** Properties read off a feature, for a collection with no declared fields (the wards). */
export function valueQueryables(properties: Record<string, unknown>): Record<string, Queryable> {
  return Object.fromEntries(
    Object.entries(properties).map(([name, value]) => [
      name,
      typeof value === 'number'
        ? { type: Number.isInteger(value) ? 'integer' : 'number' }
        : typeof value === 'boolean'
          ? { type: 'boolean' }
          : { type: 'string' },
    ]),
  );
}

export const QUERYABLES_REL = 'http://www.opengis.net/def/rel/ogc/1.0/queryables';
export const SCHEMA_TYPE = 'application/schema+json';
