/**
 * Clearance projects in PostgreSQL: one row each, its PostGIS boundary, ward codes and search
 * words written by the same statement as the row, so no index can lag behind it.
 */
import type { ClearanceProject } from '../../domain/projects/project.ts';
import { projectSearchText } from '../../domain/projects/project-search.ts';
import { openDeadline } from '../../domain/projects/clearance-deadlines.ts';
import type { ProjectFilter } from '../project-filter.ts';
import type { AuditContext, Page, ProjectRepository, VersionEntry } from '../store.ts';
import { projectWhere } from './project-where.ts';
import type { Pg } from './pg-client.ts';
import { searchWords } from './search.ts';
import { recordHistory, statesAsOf, writeVersion } from './versions.ts';
import { pastProjects } from '../past-pages.ts';

interface Row {
  id: string;
  geometry: ClearanceProject['geometry'];
  properties: ClearanceProject['properties'];
}

function fromRow(row: Row): ClearanceProject {
  return { type: 'Feature', id: row.id, geometry: row.geometry, properties: row.properties };
}

/** $1 … $14 of the insert and the update, in this order. */
function columns(project: ClearanceProject): unknown[] {
  const p = project.properties;
  return [
    project.id,
    p.stage,
    p.land_type,
    p.blocked,
    project.geometry.type,
    openDeadline(p),
    [...new Set(p.ward_codes)],
    p.created_at,
    p.updated_at,
    p.archived_at,
    p.version,
    JSON.stringify(project.geometry),
    JSON.stringify(p),
    searchWords(projectSearchText(project)),
  ];
}

// $12 is the GeoJSON text: kept as jsonb (what the API answers) and as PostGIS geometry.
const GEOM = 'ST_SetSRID(ST_GeomFromGeoJSON($12::text), 4326)';

const INSERT = `INSERT INTO projects (id, stage, land_type, blocked, geom_type, open_deadline,
    ward_codes, created_at, updated_at, archived_at, version, geometry, properties, geom, search)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::text::jsonb, $13::jsonb, ${GEOM},
    array_to_tsvector($14::text[]))
  ON CONFLICT (id) DO NOTHING`;

// Joined to itself, the row answers its state before the change in the same statement.
const UPDATE = `UPDATE projects p SET stage = $2, land_type = $3, blocked = $4, geom_type = $5,
    open_deadline = $6, ward_codes = $7, created_at = $8, updated_at = $9, archived_at = $10,
    version = $11, geometry = $12::text::jsonb, properties = $13::jsonb, geom = ${GEOM},
    search = array_to_tsvector($14::text[])
  FROM projects old
  WHERE p.id = $1 AND p.version = $15 AND old.key = p.key
  RETURNING old.id, old.geometry, old.properties`;

export class PgProjectRepository implements ProjectRepository {
  readonly #pg: Pg;

  constructor(pg: Pg) {
    this.#pg = pg;
  }

  async get(id: string): Promise<ClearanceProject | undefined> {
    const row = await this.#pg.read.one<Row>(
      'SELECT id, geometry, properties FROM projects WHERE id = $1',
      [id],
    );
    return row ? fromRow(row) : undefined;
  }

  async list(filter: ProjectFilter): Promise<Page<ClearanceProject>> {
    const params: unknown[] = [];
    const where = projectWhere(filter, params);
    const limit = `$${params.push(filter.limit)}`;
    const offset = `$${params.push(filter.offset)}`;
    // The total and the page in one statement: one round trip, and one snapshot even while
    // other processes write. A page past the end still answers the total, as a row of nulls.
    const rows = await this.#pg.read.query<Partial<Row> & { total: number }>(
      `SELECT t.total, page.id, page.geometry, page.properties
       FROM (SELECT count(*) AS total FROM projects p ${where}) t
       LEFT JOIN LATERAL (
         SELECT p.key, p.created_at, p.id, p.geometry, p.properties FROM projects p ${where}
         ORDER BY p.created_at DESC, p.key DESC LIMIT ${limit} OFFSET ${offset}) page ON true
       ORDER BY page.created_at DESC, page.key DESC`,
      params,
    );
    return {
      items: rows.flatMap((r) => (r.id == null ? [] : [fromRow(r as Row)])),
      total: rows[0]?.total ?? 0,
    };
  }

  async listAsOf(instant: string, filter: ProjectFilter): Promise<Page<ClearanceProject>> {
    const states = await statesAsOf<ClearanceProject>(this.#pg.read, 'projects', instant);
    return pastProjects(states, filter);
  }

  insert(project: ClearanceProject, action: string, audit: AuditContext): Promise<boolean> {
    return this.#pg.transaction(async (tx) => {
      if ((await tx.run(INSERT, columns(project))).rowCount === 0) return false;
      await version(tx, action, audit, null, project);
      return true;
    });
  }

  update(
    project: ClearanceProject,
    expectedVersion: number,
    action: string,
    audit: AuditContext,
  ): Promise<boolean> {
    return this.#pg.transaction(async (tx) => {
      const row = await tx.one<Row>(UPDATE, [...columns(project), expectedVersion]);
      if (!row) return false;
      await version(tx, action, audit, fromRow(row), project);
      return true;
    });
  }

  history(id: string): Promise<VersionEntry<ClearanceProject>[]> {
    return recordHistory(this.#pg.read, 'projects', id);
  }
}

function version(
  tx: Pg,
  action: string,
  audit: AuditContext,
  before: ClearanceProject | null,
  after: ClearanceProject,
): Promise<void> {
  const { id, properties } = after;
  return writeVersion(tx, 'projects', id, properties.version, action, audit, before, after);
}
