/**
 * The records of one kind in SQLite, made from its declaration (domain/engine/record-kind.ts):
 * one row each with the declared columns, and R*Tree, FTS5 and version rows kept in step by the
 * same transaction.
 */
import type { Synchronous } from './synchronous.ts';
import { bbox as turfBbox } from '@turf/bbox';
import {
  columnNames,
  columnValues,
  type KindFilter,
  type KindRecord,
  type RecordKind,
} from '../../domain/engine/record-kind.ts';
import type { AuditContext, Page, RecordRepository, VersionEntry } from '../store.ts';
import type { Db } from './database.ts';
import { recordWhere } from './record-where.ts';
import { recordHistory, statesAsOf } from './record-versions.ts';
import { VersionWriter } from './versions.ts';
import { orderBy, pastPage } from '../past-pages.ts';
import { sqliteRow } from './record-columns.ts';

interface Row {
  id: string;
  geometry: string | null;
  properties: string;
}

function fromRow<R>(row: Row): R {
  return {
    type: 'Feature',
    id: row.id,
    geometry: row.geometry === null ? null : JSON.parse(row.geometry),
    properties: JSON.parse(row.properties),
  } as R;
}

export class SqliteRecordRepository<
  R extends KindRecord,
  F extends KindFilter,
> implements Synchronous<RecordRepository<R, F>> {
  readonly #db: Db;
  readonly #kind: RecordKind<R, F>;
  readonly #sql;
  readonly #versions: VersionWriter;

  constructor(db: Db, kind: RecordKind<R, F>) {
    this.#db = db;
    this.#kind = kind;
    this.#versions = new VersionWriter(db);
    const t = kind.layer;
    const names = [...columnNames(kind), 'geometry', 'properties'];
    const changed = names.filter((n) => n !== 'id').map((n) => `${n} = @${n}`);
    this.#sql = {
      byId: db.prepare<[string], Row & { rowid: number }>(
        `SELECT rowid, id, geometry, properties FROM ${t} WHERE id = ?`,
      ),
      insert: db.prepare(`INSERT INTO ${t} (${names.join(', ')})
        VALUES (${names.map((n) => `@${n}`).join(', ')}) ON CONFLICT (id) DO NOTHING`),
      update: db.prepare(
        `UPDATE ${t} SET ${changed.join(', ')} WHERE id = @id AND version = @expected`,
      ),
      dropBox: db.prepare(`DELETE FROM ${t}_rtree WHERE id = ?`),
      dropText: db.prepare(`DELETE FROM ${t}_fts WHERE rowid = ?`),
      box: db.prepare(`INSERT INTO ${t}_rtree VALUES (?, ?, ?, ?, ?)`),
      text: db.prepare(`INSERT INTO ${t}_fts (rowid, body) VALUES (?, ?)`),
    };
  }

  get(id: string): R | undefined {
    const row = this.#sql.byId.get(id);
    return row ? fromRow<R>(row) : undefined;
  }

  list(filter: F): Page<R> {
    const { joins, where, params } = recordWhere(this.#kind, filter);
    const from = `FROM ${this.#kind.layer} x ${joins} ${where}`;
    const total = this.#db
      .prepare(`SELECT count(*) ${from}`)
      .pluck()
      .get(...params) as number;
    const rows = this.#db
      .prepare<unknown[], Row>(
        `SELECT x.id, x.geometry, x.properties ${from}
         ORDER BY ${orderBy(this.#kind, filter, 'rowid')} LIMIT ? OFFSET ?`,
      )
      .all(...params, filter.limit, filter.offset);
    return { items: rows.map((r) => fromRow<R>(r)), total };
  }

  listAsOf(instant: string, filter: F): Page<R> {
    return pastPage(this.#kind, statesAsOf<R>(this.#db, this.#kind.layer, instant), filter);
  }

  insert(record: R, action: string, audit: AuditContext): boolean {
    return this.#db
      .transaction(() => {
        const result = this.#sql.insert.run(this.#row(record));
        if (result.changes === 0) return false;
        this.#index(Number(result.lastInsertRowid), record, false);
        this.#version(record, null, action, audit);
        return true;
      })
      .immediate();
  }

  update(record: R, expectedVersion: number, action: string, audit: AuditContext): boolean {
    return this.#db
      .transaction(() => {
        const current = this.#sql.byId.get(record.id);
        if (!current) return false;
        const row = { ...this.#row(record), expected: expectedVersion };
        if (this.#sql.update.run(row).changes === 0) return false;
        this.#index(current.rowid, record, true);
        this.#version(record, fromRow<R>(current), action, audit);
        return true;
      })
      .immediate();
  }

  history(id: string): VersionEntry<R>[] {
    return recordHistory(this.#db, this.#kind.layer, id);
  }

  #row(record: R): Record<string, unknown> {
    return {
      ...sqliteRow(columnValues(this.#kind, record)),
      geometry: record.geometry ? JSON.stringify(record.geometry) : null,
      properties: JSON.stringify(record.properties),
    };
  }

  #index(rowid: number, record: R, replace: boolean): void {
    const sql = this.#sql;
    if (replace) {
      sql.dropBox.run(rowid);
      sql.dropText.run(rowid);
    }
    if (record.geometry) {
      const [minX, minY, maxX, maxY] = turfBbox(record.geometry);
      sql.box.run(rowid, minX, maxX, minY, maxY);
    }
    sql.text.run(rowid, this.#kind.searchText(record));
  }

  #version(after: R, before: R | null, action: string, audit: AuditContext): void {
    const { layer } = this.#kind;
    this.#versions.write(layer, after.id, after.properties.version, action, audit, before, after);
  }
}
