/** Violations in SQLite: one row each, with R*Tree and FTS5 rows kept in step, and versions. */
import type { Synchronous } from './synchronous.ts';
import { bbox as turfBbox } from '@turf/bbox';
import type { FlowWindow, MonthFlows } from '../../domain/violations/monthly-flows.ts';
import type { Violation } from '../../domain/violations/violation.ts';
import type { ViolationGroup } from '../../domain/violations/ward-statistics.ts';
import { searchableText } from '../../domain/violations/violation-search.ts';
import type { ViolationFilter } from '../filter.ts';
import { whereClause } from './violation-where.ts';
import { pageRows, pageText } from './violation-page.ts';
import type {
  AuditContext,
  FeaturesText,
  Page,
  VersionEntry,
  ViolationMarker,
  ViolationPosition,
  ViolationJson,
  ViolationRepository,
} from '../store.ts';
import type { Db } from './database.ts';
import { recordHistory } from './record-versions.ts';
import { listViolationsAsOf } from './violation-past.ts';
import { VersionWriter } from './versions.ts';
import { bulkWriter, violationRow } from './violation-bulk.ts';
import { markers, positions, revision } from './violation-positions.ts';
import { countGroupsAsOf, flows, registerCountFunctions } from './violation-counts.ts';
import { violationColumns } from '../violation-columns.ts';

/** A record's own bounding box, kept in its row (migration 012) and in the R*Tree. */
interface Box {
  min_x: number;
  max_x: number;
  min_y: number;
  max_y: number;
}

interface Row {
  id: string;
  geometry: string;
  properties: string;
}

/**
 * A record's JSON put together from its row's own JSON: what `get` answers, without parsing and
 * serialising it once more for its version.
 */
function recordJson(id: string, geometry: string, properties: string): string {
  return `{"type":"Feature","id":${JSON.stringify(id)},"geometry":${geometry},"properties":${properties}}`;
}

function fromRow(row: Row): Violation {
  return {
    type: 'Feature',
    id: row.id,
    geometry: JSON.parse(row.geometry),
    properties: JSON.parse(row.properties),
  };
}

export class SqliteViolationRepository implements Synchronous<ViolationRepository> {
  readonly #db: Db;
  readonly #byId;
  readonly #insertRow;
  readonly #updateRow;
  readonly #versions;
  readonly #indexSql;

  constructor(db: Db) {
    this.#db = db;
    this.#indexSql = {
      dropBox: db.prepare('DELETE FROM violations_rtree WHERE id = ?'),
      dropText: db.prepare('DELETE FROM violations_fts WHERE rowid = ?'),
      box: db.prepare('INSERT INTO violations_rtree VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'),
      text: db.prepare('INSERT INTO violations_fts (rowid, body) VALUES (?, ?)'),
    };
    this.#byId = db.prepare<[string], Row & { rowid: number }>(
      'SELECT rowid, id, geometry, properties FROM violations WHERE id = ?',
    );
    this.#insertRow = db.prepare(`INSERT INTO violations
      (id, kind, status, geom_type, ward_code, observed_at, created_at, updated_at, deadline,
       archived_at, version, geometry, properties, min_x, max_x, min_y, max_y)
      VALUES (@id, @kind, @status, @geom_type, @ward_code, @observed_at, @created_at, @updated_at,
       @deadline, @archived_at, @version, @geometry, @properties, @min_x, @max_x, @min_y, @max_y)
      ON CONFLICT (id) DO NOTHING`);
    this.#updateRow = db.prepare(`UPDATE violations SET kind = @kind, status = @status,
      geom_type = @geom_type, ward_code = @ward_code, observed_at = @observed_at,
      updated_at = @updated_at, deadline = @deadline, archived_at = @archived_at,
      version = @version, geometry = @geometry, properties = @properties, min_x = @min_x,
      max_x = @max_x, min_y = @min_y, max_y = @max_y WHERE id = @id AND version = @expected`);
    this.#versions = new VersionWriter(db);
    registerCountFunctions(db);
  }

  get(id: string): Violation | undefined {
    const row = this.#byId.get(id);
    return row ? fromRow(row) : undefined;
  }

  list(filter: ViolationFilter): Page<Violation> {
    const page = this.listJson(filter);
    return { items: page.items.map(fromRow), total: page.total };
  }

  listJson(filter: ViolationFilter): Page<ViolationJson> {
    return pageRows(this.#db, filter);
  }

  pageText(filter: ViolationFilter, today: string): FeaturesText | null {
    return pageText(this.#db, filter, today);
  }

  listAsOf(instant: string, filter: ViolationFilter): Page<Violation> {
    return listViolationsAsOf(this.#db, instant, filter);
  }

  countGroups(filter: ViolationFilter): ViolationGroup[] {
    // One row per ward × kind × status × deadline: few rows however many records there are.
    const { joins, where, params } = whereClause(filter);
    return this.#db
      .prepare<unknown[], ViolationGroup>(
        `SELECT v.ward_code AS ward, v.kind, v.status, v.deadline, count(*) AS count
         FROM violations v ${joins} ${where}
         GROUP BY v.ward_code, v.kind, v.status, v.deadline`,
      )
      .all(...params);
  }

  countGroupsAsOf(instant: string, filter: ViolationFilter): ViolationGroup[] {
    return countGroupsAsOf(this.#db, instant, filter);
  }

  flows(window: FlowWindow): MonthFlows {
    return flows(this.#db, window);
  }

  insert(violation: Violation, action: string, audit: AuditContext): boolean {
    return this.#db
      .transaction(() => {
        const columns = this.#columns(violation);
        const result = this.#insertRow.run(columns);
        if (result.changes === 0) return false;
        this.#index(Number(result.lastInsertRowid), violation, columns, false);
        const version = violation.properties.version;
        const after = recordJson(violation.id, columns.geometry, columns.properties);
        this.#versions.writeJson('violations', violation.id, version, action, audit, null, after);
        return true;
      })
      .immediate();
  }

  insertMany(violations: readonly Violation[], action: string, audit: AuditContext): boolean[] {
    return bulkWriter(this.#db).write(violations.map(violationRow), action, audit);
  }

  revision(): string {
    return revision(this.#db);
  }

  positions(filter: ViolationFilter): ViolationPosition[] {
    return [...positions(this.#db, filter)];
  }

  markers(keys: readonly number[]): ViolationMarker[] {
    return markers(this.#db, keys);
  }

  update(
    violation: Violation,
    expectedVersion: number,
    action: string,
    audit: AuditContext,
  ): boolean {
    return this.#db
      .transaction(() => {
        const current = this.#byId.get(violation.id);
        if (!current) return false;
        const columns = this.#columns(violation);
        const result = this.#updateRow.run({ ...columns, expected: expectedVersion });
        if (result.changes === 0) return false;
        this.#index(current.rowid, violation, columns, true);
        this.#versions.writeJson(
          'violations',
          violation.id,
          violation.properties.version,
          action,
          audit,
          recordJson(current.id, current.geometry, current.properties),
          recordJson(violation.id, columns.geometry, columns.properties),
        );
        return true;
      })
      .immediate();
  }

  history(id: string): VersionEntry<Violation>[] {
    return recordHistory(this.#db, 'violations', id);
  }

  #columns(v: Violation) {
    const [minX, minY, maxX, maxY] = turfBbox(v.geometry);
    return {
      ...violationColumns(v),
      geometry: JSON.stringify(v.geometry),
      properties: JSON.stringify(v.properties),
      min_x: minX!,
      max_x: maxX!,
      min_y: minY!,
      max_y: maxY!,
    };
  }

  #index(rowid: number, v: Violation, box: Box, replace: boolean): void {
    const { min_x: minX, max_x: maxX, min_y: minY, max_y: maxY } = box;
    const sql = this.#indexSql;
    if (replace) {
      sql.dropBox.run(rowid);
      sql.dropText.run(rowid);
    }
    const p = v.properties;
    // A point's centre is the point itself, exactly: (x + x) / 2 is x in doubles.
    const [lon, lat] = [(minX + maxX) / 2, (minY + maxY) / 2];
    sql.box.run(rowid, minX, maxX, minY, maxY, p.observed_at, p.archived_at ? 1 : 0, lon, lat);
    sql.text.run(rowid, searchableText(v));
  }
}
