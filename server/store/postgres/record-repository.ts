/**
 * The records of one kind in PostgreSQL, made from its declaration (domain/engine/record-kind.ts):
 * one row each with the declared columns, its PostGIS place (none for a record without one) and
 * search words written by the same statement as the row, so no index can lag behind it.
 */
import {
  columnNames,
  columnValues,
  type KindFilter,
  type KindRecord,
  type RecordKind,
} from '../../domain/engine/record-kind.ts';
import type { AuditContext, Page, RecordRepository, VersionEntry } from '../store.ts';
import { recordWhere } from './record-where.ts';
import type { Pg } from './pg-client.ts';
import { searchWords } from './search.ts';
import { recordHistory, statesAsOf, writeVersion } from './versions.ts';
import { orderBy, pastPage } from '../past-pages.ts';

interface Row {
  id: string;
  geometry: KindRecord['geometry'];
  properties: KindRecord['properties'];
}

function fromRow<R>(row: Row): R {
  return { type: 'Feature', id: row.id, geometry: row.geometry, properties: row.properties } as R;
}

export class PgRecordRepository<
  R extends KindRecord,
  F extends KindFilter,
> implements RecordRepository<R, F> {
  readonly #pg: Pg;
  readonly #kind: RecordKind<R, F>;
  readonly #insert: string;
  readonly #update: string;

  constructor(pg: Pg, kind: RecordKind<R, F>) {
    this.#pg = pg;
    this.#kind = kind;
    const t = kind.layer;
    const names = columnNames(kind);
    const n = names.length;
    // After the columns: the GeoJSON text or NULL, kept as jsonb (what the API answers) and as
    // PostGIS geometry (both NULL for a record with no place: the functions are strict), the
    // properties, the search words.
    const [geometry, properties, words] = [n + 1, n + 2, n + 3].map((i) => `$${i}`);
    const values = {
      ...Object.fromEntries(names.map((name, i) => [name, `$${i + 1}`])),
      geometry: `${geometry}::text::jsonb`,
      properties: `${properties}::jsonb`,
      geom: `ST_SetSRID(ST_GeomFromGeoJSON(${geometry}::text), 4326)`,
      search: `array_to_tsvector(${words}::text[])`,
    };
    this.#insert = `INSERT INTO ${t} (${Object.keys(values).join(', ')})
      VALUES (${Object.values(values).join(', ')}) ON CONFLICT (id) DO NOTHING`;
    const set = Object.entries(values).filter(([name]) => name !== 'id');
    // Joined to itself, the row answers its state before the change in the same statement.
    this.#update = `UPDATE ${t} x SET ${set.map(([name, v]) => `${name} = ${v}`).join(', ')}
      FROM ${t} old WHERE x.id = $1 AND x.version = $${n + 4} AND old.key = x.key
      RETURNING old.id, old.geometry, old.properties`;
  }

  async get(id: string): Promise<R | undefined> {
    const row = await this.#pg.read.one<Row>(
      `SELECT id, geometry, properties FROM ${this.#kind.layer} WHERE id = $1`,
      [id],
    );
    return row ? fromRow<R>(row) : undefined;
  }

  async list(filter: F): Promise<Page<R>> {
    const { layer, order, deadline } = this.#kind;
    const sort = orderBy(this.#kind, filter, 'key');
    const params: unknown[] = [];
    const where = recordWhere(this.#kind, filter, params);
    const limit = `$${params.push(filter.limit)}`;
    const offset = `$${params.push(filter.offset)}`;
    // The total and the page in one statement: one round trip, and one snapshot even while
    // other processes write. A page past the end still answers the total, as a row of nulls.
    const rows = await this.#pg.read.query<Partial<Row> & { total: number }>(
      `SELECT t.total, page.id, page.geometry, page.properties
       FROM (SELECT count(*) AS total FROM ${layer} x ${where}) t
       LEFT JOIN LATERAL (
         SELECT ${[...new Set(['key', order, deadline ?? order])].map((c) => `x.${c}`).join(', ')},
           x.id, x.geometry, x.properties FROM ${layer} x ${where}
         ORDER BY ${sort} LIMIT ${limit} OFFSET ${offset}) page ON true
       ORDER BY ${sort.replaceAll('x.', 'page.')}`,
      params,
    );
    return {
      items: rows.flatMap((r) => (r.id == null ? [] : [fromRow<R>(r as Row)])),
      total: rows[0]?.total ?? 0,
    };
  }

  async listAsOf(instant: string, filter: F): Promise<Page<R>> {
    const states = await statesAsOf<R>(this.#pg.read, this.#kind.layer, instant);
    return pastPage(this.#kind, states, filter);
  }

  insert(record: R, action: string, audit: AuditContext): Promise<boolean> {
    return this.#pg.transaction(async (tx) => {
      if ((await tx.run(this.#insert, this.#values(record))).rowCount === 0) return false;
      await this.#version(tx, action, audit, null, record);
      return true;
    });
  }

  update(
    record: R,
    expectedVersion: number,
    action: string,
    audit: AuditContext,
  ): Promise<boolean> {
    return this.#pg.transaction(async (tx) => {
      const row = await tx.one<Row>(this.#update, [...this.#values(record), expectedVersion]);
      if (!row) return false;
      await this.#version(tx, action, audit, fromRow<R>(row), record);
      return true;
    });
  }

  history(id: string): Promise<VersionEntry<R>[]> {
    return recordHistory(this.#pg.read, this.#kind.layer, id);
  }

  /** $1 … $n+3 of the insert and the update: the columns, geometry, properties, search words. */
  #values(record: R): unknown[] {
    const values = columnValues(this.#kind, record);
    return [
      ...columnNames(this.#kind).map((name) => values[name]),
      record.geometry ? JSON.stringify(record.geometry) : null,
      JSON.stringify(record.properties),
      searchWords(this.#kind.searchText(record)),
    ];
  }

  #version(tx: Pg, action: string, audit: AuditContext, before: R | null, after: R) {
    const { id, properties } = after;
    return writeVersion(tx, this.#kind.layer, id, properties.version, action, audit, before, after);
  }
}
