/**
 * Violations in PostgreSQL + PostGIS: one row each, its geometry and search words beside the
 * GeoJSON, and a version row with every change. Each write is one statement (its CTEs insert the
 * row, its version and the layer's revision together), so it is atomic without BEGIN … COMMIT
 * and costs one round trip.
 */
import type { FlowWindow, MonthFlows } from '../../domain/violations/monthly-flows.ts';
import type { Violation } from '../../domain/violations/violation.ts';
import type { ViolationGroup } from '../../domain/violations/ward-statistics.ts';
import { searchableText } from '../../domain/violations/violation-search.ts';
import type { ViolationFilter } from '../filter.ts';
import type {
  AuditContext,
  Page,
  VersionEntry,
  ViolationMarker,
  ViolationPosition,
  ViolationRepository,
} from '../store.ts';
import type { Pg } from './pg-client.ts';
import { layerRevision, recordHistory } from './versions.ts';
import { listViolationsAsOf } from './violation-past.ts';
import { countGroupsAsOf, flows } from './violation-counts.ts';
import { markers, positions } from './violation-positions.ts';
import { searchWords } from './search.ts';
import { whereClause } from './violation-where.ts';
import { violationColumns } from '../violation-columns.ts';

interface Row {
  id: string;
  geometry: Violation['geometry'];
  properties: Violation['properties'];
}

function fromRow(row: Row): Violation {
  return { type: 'Feature', id: row.id, geometry: row.geometry, properties: row.properties };
}

/** A record as the columns of its row, for jsonb_to_recordset. */
function columns(v: Violation) {
  return {
    ...violationColumns(v),
    geometry: v.geometry,
    properties: v.properties,
    words: searchWords(searchableText(v)),
  };
}

/** The record types of `columns` as jsonb_to_recordset reads them. */
const RECORD = `r(n int, id text, kind text, status text, geom_type text, ward_code text,
  observed_at text, created_at text, updated_at text, deadline text, archived_at text,
  version int, geometry jsonb, properties jsonb, words text[])`;

/** The row's values computed from a record of RECORD. */
const GEOM = `ST_SetSRID(ST_GeomFromGeoJSON(r.geometry), 4326)`;
const SEARCH = `array_to_tsvector(r.words)`;

/** A row's record as the version keeps it (and `get` answers it). */
const feature = (t: string) =>
  `jsonb_build_object('type', 'Feature', 'id', ${t}.id, 'geometry', ${t}.geometry,
    'properties', ${t}.properties)`;

/**
 * Inserts the records of $1 not there yet, a version for each and the layer's revision; answers
 * the numbers (n) of those inserted. A repeated id inside $1 is taken once, the first time, as
 * one-by-one inserts would. $2–$5: action, at, user, reason.
 */
const INSERT_MANY = `
  WITH input AS (
    SELECT DISTINCT ON (id) * FROM jsonb_to_recordset($1::jsonb) AS ${RECORD} ORDER BY id, n
  ), inserted AS (
    INSERT INTO violations (id, kind, status, geom_type, ward_code, observed_at, created_at,
      updated_at, deadline, archived_at, version, geometry, properties, geom, search)
    SELECT r.id, r.kind, r.status, r.geom_type, r.ward_code, r.observed_at, r.created_at,
      r.updated_at, r.deadline, r.archived_at, r.version, r.geometry, r.properties, ${GEOM},
      ${SEARCH}
    FROM input r ORDER BY r.n
    ON CONFLICT (id) DO NOTHING
    RETURNING id
  ), versioned AS (
    INSERT INTO versions (layer, record_id, version, action, at, user_id, reason, before, after)
    SELECT 'violations', r.id, r.version, $2, $3, $4, $5, NULL, ${feature('r')}
    FROM input r JOIN inserted USING (id) ORDER BY r.n
  ), revised AS (
    UPDATE layer_revisions SET revision = revision + (SELECT count(*) FROM inserted)
    WHERE layer = 'violations' AND EXISTS (SELECT FROM inserted)
  )
  SELECT r.n FROM input r JOIN inserted USING (id)`;

/**
 * Replaces the record $1 if it is at version $2, writes the version with the row as it was
 * before, and moves the revision; answers a row when it did. $3–$6: action, at, user, reason.
 * FOR UPDATE makes a concurrent writer wait, then see the version it left.
 */
const UPDATE = `
  WITH r AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS ${RECORD}),
  old AS (
    SELECT v.key, v.id, v.geometry, v.properties FROM violations v JOIN r USING (id)
    WHERE v.version = $2 FOR UPDATE OF v
  ), updated AS (
    UPDATE violations v SET kind = r.kind, status = r.status, geom_type = r.geom_type,
      ward_code = r.ward_code, observed_at = r.observed_at, updated_at = r.updated_at,
      deadline = r.deadline, archived_at = r.archived_at, version = r.version,
      geometry = r.geometry, properties = r.properties, geom = ${GEOM}, search = ${SEARCH}
    FROM r, old WHERE v.key = old.key
    RETURNING v.id
  ), versioned AS (
    INSERT INTO versions (layer, record_id, version, action, at, user_id, reason, before, after)
    SELECT 'violations', r.id, r.version, $3, $4, $5, $6, ${feature('old')}, ${feature('r')}
    FROM r, old, updated
  ), revised AS (
    UPDATE layer_revisions SET revision = revision + 1
    WHERE layer = 'violations' AND EXISTS (SELECT FROM updated)
  )
  SELECT id FROM updated`;

const auditParams = (action: string, audit: AuditContext) => [
  action,
  audit.at,
  audit.user,
  audit.reason ?? null,
];

export class PgViolationRepository implements ViolationRepository {
  readonly #pg: Pg;

  constructor(pg: Pg) {
    this.#pg = pg;
  }

  async get(id: string): Promise<Violation | undefined> {
    const row = await this.#pg.read.one<Row>(
      'SELECT id, geometry, properties FROM violations WHERE id = $1',
      [id],
    );
    return row ? fromRow(row) : undefined;
  }

  async list(filter: ViolationFilter): Promise<Page<Violation>> {
    const params: unknown[] = [];
    const where = whereClause(filter, params);
    const limit = `$${params.push(filter.limit)}`;
    const offset = `$${params.push(filter.offset)}`;
    // The count and the page in one round trip: the count's one row, joined to the page's rows
    // (none past the end, when the row comes back with the count alone).
    const rows = await this.#pg.read.query<Partial<Row> & { total: number }>(
      `SELECT t.total, p.id, p.geometry, p.properties
       FROM (SELECT count(*) AS total FROM violations v ${where}) t
       LEFT JOIN LATERAL (
         SELECT v.key, v.observed_at, v.id, v.geometry, v.properties FROM violations v ${where}
         ORDER BY v.observed_at DESC, v.key DESC LIMIT ${limit} OFFSET ${offset}) p ON true
       ORDER BY p.observed_at DESC, p.key DESC`,
      params,
    );
    return {
      items: rows.flatMap((r) => (r.id === null || r.id === undefined ? [] : [fromRow(r as Row)])),
      total: rows[0]?.total ?? 0,
    };
  }

  listAsOf(instant: string, filter: ViolationFilter): Promise<Page<Violation>> {
    return listViolationsAsOf(this.#pg.read, instant, filter);
  }

  countGroups(filter: ViolationFilter): Promise<ViolationGroup[]> {
    // One row per ward × kind × status × deadline: few rows however many records there are.
    const params: unknown[] = [];
    return this.#pg.read.query<ViolationGroup>(
      `SELECT v.ward_code AS ward, v.kind, v.status, v.deadline, count(*) AS count
       FROM violations v ${whereClause(filter, params)}
       GROUP BY v.ward_code, v.kind, v.status, v.deadline`,
      params,
    );
  }

  /** The counts behind a report, read from the whole history: the long budget. */
  countGroupsAsOf(instant: string, filter: ViolationFilter): Promise<ViolationGroup[]> {
    return countGroupsAsOf(this.#pg.long, instant, filter);
  }

  /** A month's flows, read from the whole history: the long budget. */
  flows(window: FlowWindow): Promise<MonthFlows> {
    return flows(this.#pg.long, window);
  }

  async insert(violation: Violation, action: string, audit: AuditContext): Promise<boolean> {
    return (await this.insertMany([violation], action, audit))[0]!;
  }

  async insertMany(
    violations: readonly Violation[],
    action: string,
    audit: AuditContext,
  ): Promise<boolean[]> {
    if (violations.length === 0) return [];
    const records = violations.map((v, n) => ({ n, ...columns(v) }));
    const inserted = await this.#pg.query<{ n: number }>(INSERT_MANY, [
      JSON.stringify(records),
      ...auditParams(action, audit),
    ]);
    const answers = violations.map(() => false);
    for (const { n } of inserted) answers[n] = true;
    return answers;
  }

  async update(
    violation: Violation,
    expectedVersion: number,
    action: string,
    audit: AuditContext,
  ): Promise<boolean> {
    const record = { n: 0, ...columns(violation) };
    const rows = await this.#pg.query(UPDATE, [
      JSON.stringify([record]),
      expectedVersion,
      ...auditParams(action, audit),
    ]);
    return rows.length > 0;
  }

  history(id: string): Promise<VersionEntry<Violation>[]> {
    return recordHistory(this.#pg.read, 'violations', id);
  }

  revision(): Promise<string> {
    return layerRevision(this.#pg.read, 'violations');
  }

  /** Every matching record's position, for the map's clusters: a whole-layer read. */
  positions(filter: ViolationFilter): Promise<ViolationPosition[]> {
    return positions(this.#pg.long, filter);
  }

  markers(keys: readonly number[]): Promise<ViolationMarker[]> {
    return markers(this.#pg.read, keys);
  }
}
