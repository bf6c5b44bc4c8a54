/**
 * Many new violations written at once (a bulk import): each record reduced first to the values its
 * rows hold, so that work (JSON, folded search text, bounding box) can be done in another thread,
 * then written with its R*Tree, FTS5 and version rows in one transaction per batch.
 */
import { bbox as turfBbox } from '@turf/bbox';
import { searchableText } from '../../domain/violations/violation-search.ts';
import type { Violation } from '../../domain/violations/violation.ts';
import type { AuditContext } from '../store.ts';
import type { Db } from './database.ts';
import { VersionWriter } from './versions.ts';

/**
 * A new record as its rows hold it: the columns of `violations` in the order of the insert, then
 * the version's copy of the whole record, the folded search text and the bounding box. A tuple of
 * strings and numbers, so a batch crosses from a worker thread cheaply.
 */
export type ViolationRow = [
  id: string,
  kind: string,
  status: string,
  geomType: string,
  wardCode: string | null,
  observedAt: string,
  createdAt: string,
  updatedAt: string,
  deadline: string | null,
  archivedAt: string | null,
  version: number,
  geometry: string,
  properties: string,
  record: string,
  searchText: string,
  minX: number,
  minY: number,
  maxX: number,
  maxY: number,
];

/** The row of a record; each part of it serialised once (the version's copy reuses the JSON). */
export function violationRow(v: Violation): ViolationRow {
  const p = v.properties;
  const geometry = JSON.stringify(v.geometry);
  const properties = JSON.stringify(p);
  const record = `{"type":"Feature","id":${JSON.stringify(v.id)},"geometry":${geometry},"properties":${properties}}`;
  const [minX, minY, maxX, maxY] = turfBbox(v.geometry);
  return [
    v.id,
    p.kind,
    p.status,
    v.geometry.type,
    p.ward?.code ?? null,
    p.observed_at,
    p.created_at,
    p.updated_at,
    p.deadline,
    p.archived_at,
    p.version,
    geometry,
    properties,
    record,
    searchableText(v),
    minX!,
    minY!,
    maxX!,
    maxY!,
  ];
}

export class ViolationBulkWriter {
  readonly #db: Db;
  readonly #row;
  readonly #box;
  readonly #text;
  readonly #versions;

  constructor(db: Db) {
    this.#db = db;
    this.#row = db.prepare(`INSERT INTO violations
      (id, kind, status, geom_type, ward_code, observed_at, created_at, updated_at, deadline,
       archived_at, version, geometry, properties, min_x, max_x, min_y, max_y)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (id) DO NOTHING`);
    this.#box = db.prepare('INSERT INTO violations_rtree VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    this.#text = db.prepare('INSERT INTO violations_fts (rowid, body) VALUES (?, ?)');
    this.#versions = new VersionWriter(db);
  }

  /**
   * Writes the rows in one transaction, each with its first version. Answers, for each, whether
   * it was written: false when its id is a record already (an import run again).
   */
  write(rows: readonly ViolationRow[], action: string, audit: AuditContext): boolean[] {
    return this.#db
      .transaction(() => {
        const written = new Array<boolean>(rows.length);
        for (let i = 0; i < rows.length; i++) {
          const r = rows[i]!;
          const result = this.#row.run(
            r[0],
            r[1],
            r[2],
            r[3],
            r[4],
            r[5],
            r[6],
            r[7],
            r[8],
            r[9],
            r[10],
            r[11],
            r[12],
            r[15],
            r[17],
            r[16],
            r[18],
          );
          written[i] = result.changes > 0;
          if (!written[i]) continue;
          const rowid = result.lastInsertRowid;
          const [minX, minY, maxX, maxY] = [r[15], r[16], r[17], r[18]];
          const [lon, lat] = [(minX + maxX) / 2, (minY + maxY) / 2];
          this.#box.run(rowid, minX, maxX, minY, maxY, r[5], r[9] ? 1 : 0, lon, lat);
          this.#text.run(rowid, r[14]);
          this.#versions.writeJson('violations', r[0], r[10], action, audit, null, r[13]);
        }
        return written;
      })
      .immediate();
  }
}

const writers = new WeakMap<Db, ViolationBulkWriter>();

/** The connection's writer, its statements prepared once. */
export function bulkWriter(db: Db): ViolationBulkWriter {
  let writer = writers.get(db);
  if (!writer) writers.set(db, (writer = new ViolationBulkWriter(db)));
  return writer;
}
