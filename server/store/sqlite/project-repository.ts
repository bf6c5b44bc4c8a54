/** Clearance projects in SQLite: one row each, with R*Tree, FTS5 and ward rows kept in step. */
import type { Synchronous } from './synchronous.ts';
import { bbox as turfBbox } from '@turf/bbox';
import type { ClearanceProject } from '../../domain/projects/project.ts';
import { projectSearchText } from '../../domain/projects/project-search.ts';
import { openDeadline } from '../../domain/projects/clearance-deadlines.ts';
import type { ProjectFilter } from '../project-filter.ts';
import type { AuditContext, Page, ProjectRepository, VersionEntry } from '../store.ts';
import type { Db } from './database.ts';
import { projectWhere } from './project-where.ts';
import { recordHistory, statesAsOf } from './record-versions.ts';
import { VersionWriter } from './versions.ts';
import { pastProjects } from '../past-pages.ts';

interface Row {
  id: string;
  geometry: string;
  properties: string;
}

function fromRow(row: Row): ClearanceProject {
  return {
    type: 'Feature',
    id: row.id,
    geometry: JSON.parse(row.geometry),
    properties: JSON.parse(row.properties),
  };
}

export class SqliteProjectRepository implements Synchronous<ProjectRepository> {
  readonly #db: Db;
  readonly #sql;
  readonly #versions: VersionWriter;

  constructor(db: Db) {
    this.#db = db;
    this.#versions = new VersionWriter(db);
    this.#sql = {
      byId: db.prepare<[string], Row & { rowid: number }>(
        'SELECT rowid, id, geometry, properties FROM projects WHERE id = ?',
      ),
      insert: db.prepare(`INSERT INTO projects (id, stage, land_type, blocked, geom_type,
        open_deadline, created_at, updated_at, archived_at, version, geometry, properties)
        VALUES (@id, @stage, @land_type, @blocked, @geom_type, @open_deadline, @created_at,
        @updated_at, @archived_at, @version, @geometry, @properties)
        ON CONFLICT (id) DO NOTHING`),
      update: db.prepare(`UPDATE projects SET stage = @stage, land_type = @land_type,
        blocked = @blocked, geom_type = @geom_type, open_deadline = @open_deadline,
        updated_at = @updated_at, archived_at = @archived_at, version = @version,
        geometry = @geometry, properties = @properties WHERE id = @id AND version = @expected`),
      dropBox: db.prepare('DELETE FROM projects_rtree WHERE id = ?'),
      dropText: db.prepare('DELETE FROM projects_fts WHERE rowid = ?'),
      dropWards: db.prepare('DELETE FROM project_wards WHERE project = ?'),
      box: db.prepare('INSERT INTO projects_rtree VALUES (?, ?, ?, ?, ?)'),
      text: db.prepare('INSERT INTO projects_fts (rowid, body) VALUES (?, ?)'),
      ward: db.prepare('INSERT INTO project_wards (project, ward_code) VALUES (?, ?)'),
    };
  }

  get(id: string): ClearanceProject | undefined {
    const row = this.#sql.byId.get(id);
    return row ? fromRow(row) : undefined;
  }

  list(filter: ProjectFilter): Page<ClearanceProject> {
    const { joins, where, params } = projectWhere(filter);
    const total = this.#db
      .prepare(`SELECT count(*) FROM projects p ${joins} ${where}`)
      .pluck()
      .get(...params) as number;
    const rows = this.#db
      .prepare<unknown[], Row>(
        `SELECT p.id, p.geometry, p.properties FROM projects p ${joins} ${where}
         ORDER BY p.created_at DESC, p.rowid DESC LIMIT ? OFFSET ?`,
      )
      .all(...params, filter.limit, filter.offset);
    return { items: rows.map(fromRow), total };
  }

  listAsOf(instant: string, filter: ProjectFilter): Page<ClearanceProject> {
    return pastProjects(statesAsOf<ClearanceProject>(this.#db, 'projects', instant), filter);
  }

  insert(project: ClearanceProject, action: string, audit: AuditContext): boolean {
    return this.#db
      .transaction(() => {
        const result = this.#sql.insert.run(this.#columns(project));
        if (result.changes === 0) return false;
        this.#index(Number(result.lastInsertRowid), project, false);
        this.#version(project, null, action, audit);
        return true;
      })
      .immediate();
  }

  update(
    project: ClearanceProject,
    expectedVersion: number,
    action: string,
    audit: AuditContext,
  ): boolean {
    return this.#db
      .transaction(() => {
        const current = this.#sql.byId.get(project.id);
        if (!current) return false;
        const columns = { ...this.#columns(project), expected: expectedVersion };
        if (this.#sql.update.run(columns).changes === 0) return false;
        this.#index(current.rowid, project, true);
        this.#version(project, fromRow(current), action, audit);
        return true;
      })
      .immediate();
  }

  history(id: string): VersionEntry<ClearanceProject>[] {
    return recordHistory(this.#db, 'projects', id);
  }

  #columns(project: ClearanceProject) {
    const p = project.properties;
    return {
      id: project.id,
      stage: p.stage,
      land_type: p.land_type,
      blocked: p.blocked ? 1 : 0,
      geom_type: project.geometry.type,
      open_deadline: openDeadline(p),
      created_at: p.created_at,
      updated_at: p.updated_at,
      archived_at: p.archived_at,
      version: p.version,
      geometry: JSON.stringify(project.geometry),
      properties: JSON.stringify(p),
    };
  }

  #index(rowid: number, project: ClearanceProject, replace: boolean): void {
    const sql = this.#sql;
    if (replace) {
      sql.dropBox.run(rowid);
      sql.dropText.run(rowid);
      sql.dropWards.run(rowid);
    }
    const [minX, minY, maxX, maxY] = turfBbox(project.geometry);
    sql.box.run(rowid, minX, maxX, minY, maxY);
    sql.text.run(rowid, projectSearchText(project));
    for (const code of new Set(project.properties.ward_codes)) sql.ward.run(rowid, code);
  }

  #version(
    after: ClearanceProject,
    before: ClearanceProject | null,
    action: string,
    audit: AuditContext,
  ): void {
    const version = after.properties.version;
    this.#versions.write('projects', after.id, version, action, audit, before, after);
  }
}
