/** Criteria gaps in SQLite: one row each, with R*Tree and FTS5 rows kept in step, and versions. */
import type { Synchronous } from './synchronous.ts';
import { bbox as turfBbox } from '@turf/bbox';
import { gapSearchableText } from '../../domain/gaps/gap-search.ts';
import type { Gap } from '../../domain/gaps/gap.ts';
import type { GapFilter } from '../gap-filter.ts';
import type { AuditContext, GapRepository, Page, VersionEntry } from '../store.ts';
import type { Db } from './database.ts';
import { gapWhereClause } from './gap-where.ts';
import { recordHistory, statesAsOf } from './record-versions.ts';
import { VersionWriter } from './versions.ts';
import { pastGaps } from '../past-pages.ts';

interface Row {
  id: string;
  geometry: string | null;
  properties: string;
}

function fromRow(row: Row): Gap {
  return {
    type: 'Feature',
    id: row.id,
    geometry: row.geometry === null ? null : JSON.parse(row.geometry),
    properties: JSON.parse(row.properties),
  };
}

export class SqliteGapRepository implements Synchronous<GapRepository> {
  readonly #db: Db;
  readonly #sql;
  readonly #versions: VersionWriter;

  constructor(db: Db) {
    this.#db = db;
    this.#sql = {
      byId: db.prepare<[string], Row & { rowid: number }>(
        'SELECT rowid, id, geometry, properties FROM gaps WHERE id = ?',
      ),
      insert: db.prepare(`INSERT INTO gaps (id, rule_set, standard, scope, status, geom_type,
        ward_codes, project_id, created_at, updated_at, archived_at, version, geometry, properties)
        VALUES (@id, @rule_set, @standard, @scope, @status, @geom_type, @ward_codes, @project_id,
        @created_at, @updated_at, @archived_at, @version, @geometry, @properties)
        ON CONFLICT (id) DO NOTHING`),
      update: db.prepare(`UPDATE gaps SET rule_set = @rule_set, standard = @standard,
        scope = @scope, status = @status, geom_type = @geom_type, ward_codes = @ward_codes,
        project_id = @project_id, updated_at = @updated_at, archived_at = @archived_at,
        version = @version, geometry = @geometry, properties = @properties
        WHERE id = @id AND version = @expected`),
      dropBox: db.prepare('DELETE FROM gaps_rtree WHERE id = ?'),
      dropText: db.prepare('DELETE FROM gaps_fts WHERE rowid = ?'),
      box: db.prepare('INSERT INTO gaps_rtree VALUES (?, ?, ?, ?, ?)'),
      text: db.prepare('INSERT INTO gaps_fts (rowid, body) VALUES (?, ?)'),
    };
    this.#versions = new VersionWriter(db);
  }

  get(id: string): Gap | undefined {
    const row = this.#sql.byId.get(id);
    return row ? fromRow(row) : undefined;
  }

  list(filter: GapFilter): Page<Gap> {
    const { joins, where, params } = gapWhereClause(filter);
    const total = this.#db
      .prepare(`SELECT count(*) FROM gaps g ${joins} ${where}`)
      .pluck()
      .get(...params) as number;
    const rows = this.#db
      .prepare<unknown[], Row>(
        `SELECT g.id, g.geometry, g.properties FROM gaps g ${joins} ${where}
         ORDER BY g.updated_at DESC, g.rowid DESC LIMIT ? OFFSET ?`,
      )
      .all(...params, filter.limit, filter.offset);
    return { items: rows.map(fromRow), total };
  }

  listAsOf(instant: string, filter: GapFilter): Page<Gap> {
    return pastGaps(statesAsOf<Gap>(this.#db, 'gaps', instant), filter);
  }

  insert(gap: Gap, action: string, audit: AuditContext): boolean {
    return this.#db
      .transaction(() => {
        const result = this.#sql.insert.run(this.#columns(gap));
        if (result.changes === 0) return false;
        this.#index(Number(result.lastInsertRowid), gap, false);
        this.#versions.write('gaps', gap.id, gap.properties.version, action, audit, null, gap);
        return true;
      })
      .immediate();
  }

  update(gap: Gap, expectedVersion: number, action: string, audit: AuditContext): boolean {
    return this.#db
      .transaction(() => {
        const current = this.#sql.byId.get(gap.id);
        if (!current) return false;
        const result = this.#sql.update.run({ ...this.#columns(gap), expected: expectedVersion });
        if (result.changes === 0) return false;
        this.#index(current.rowid, gap, true);
        const before = fromRow(current);
        this.#versions.write('gaps', gap.id, gap.properties.version, action, audit, before, gap);
        return true;
      })
      .immediate();
  }

  history(id: string): VersionEntry<Gap>[] {
    return recordHistory(this.#db, 'gaps', id);
  }

  #columns(g: Gap) {
    const p = g.properties;
    return {
      id: g.id,
      rule_set: p.rule_set,
      standard: p.standard,
      scope: p.scope,
      status: p.status,
      geom_type: g.geometry?.type ?? null,
      ward_codes: JSON.stringify(p.ward_codes),
      project_id: p.project_id,
      created_at: p.created_at,
      updated_at: p.updated_at,
      archived_at: p.archived_at,
      version: p.version,
      geometry: g.geometry ? JSON.stringify(g.geometry) : null,
      properties: JSON.stringify(p),
    };
  }

  #index(rowid: number, g: Gap, replace: boolean): void {
    const sql = this.#sql;
    if (replace) {
      sql.dropBox.run(rowid);
      sql.dropText.run(rowid);
    }
    if (g.geometry) {
      const [minX, minY, maxX, maxY] = turfBbox(g.geometry);
      sql.box.run(rowid, minX, maxX, minY, maxY);
    }
    sql.text.run(rowid, gapSearchableText(g));
  }
}
