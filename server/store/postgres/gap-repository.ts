/**
 * Criteria gaps in PostgreSQL: one row each, its PostGIS place (none for a gap of a whole scope)
 * and search words written by the same statement as the row, and versions.
 */
import { gapSearchableText } from '../../domain/gaps/gap-search.ts';
import type { Gap } from '../../domain/gaps/gap.ts';
import type { GapFilter } from '../gap-filter.ts';
import type { AuditContext, GapRepository, Page, VersionEntry } from '../store.ts';
import { gapWhere } from './gap-where.ts';
import type { Pg } from './pg-client.ts';
import { searchWords } from './search.ts';
import { recordHistory, statesAsOf, writeVersion } from './versions.ts';
import { pastGaps } from '../past-pages.ts';

interface Row {
  id: string;
  geometry: Gap['geometry'];
  properties: Gap['properties'];
}

function fromRow(row: Row): Gap {
  return { type: 'Feature', id: row.id, geometry: row.geometry, properties: row.properties };
}

/** $1 … $15 of the insert and the update, in this order. */
function columns(g: Gap): unknown[] {
  const p = g.properties;
  return [
    g.id,
    p.rule_set,
    p.standard,
    p.scope,
    p.status,
    g.geometry?.type ?? null,
    p.ward_codes,
    p.project_id,
    p.created_at,
    p.updated_at,
    p.archived_at,
    p.version,
    g.geometry ? JSON.stringify(g.geometry) : null,
    JSON.stringify(p),
    searchWords(gapSearchableText(g)),
  ];
}

// $13 is the GeoJSON text or NULL: kept as jsonb (what the API answers) and as PostGIS geometry,
// both NULL for a gap with no place (the functions are strict).
const GEOMETRY = '$13::text::jsonb';
const GEOM = 'ST_SetSRID(ST_GeomFromGeoJSON($13::text), 4326)';

const INSERT = `INSERT INTO gaps (id, rule_set, standard, scope, status, geom_type, ward_codes,
    project_id, created_at, updated_at, archived_at, version, geometry, properties, geom, search)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, ${GEOMETRY}, $14::jsonb, ${GEOM},
    array_to_tsvector($15::text[]))
  ON CONFLICT (id) DO NOTHING`;

// Joined to itself, the row answers its state before the change in the same statement.
const UPDATE = `UPDATE gaps g SET rule_set = $2, standard = $3, scope = $4, status = $5,
    geom_type = $6, ward_codes = $7, project_id = $8, created_at = $9, updated_at = $10,
    archived_at = $11, version = $12, geometry = ${GEOMETRY}, properties = $14::jsonb,
    geom = ${GEOM}, search = array_to_tsvector($15::text[])
  FROM gaps old
  WHERE g.id = $1 AND g.version = $16 AND old.key = g.key
  RETURNING old.id, old.geometry, old.properties`;

export class PgGapRepository implements GapRepository {
  readonly #pg: Pg;

  constructor(pg: Pg) {
    this.#pg = pg;
  }

  async get(id: string): Promise<Gap | undefined> {
    const row = await this.#pg.read.one<Row>(
      'SELECT id, geometry, properties FROM gaps WHERE id = $1',
      [id],
    );
    return row ? fromRow(row) : undefined;
  }

  async list(filter: GapFilter): Promise<Page<Gap>> {
    const params: unknown[] = [];
    const where = gapWhere(filter, params);
    const limit = `$${params.push(filter.limit)}`;
    const offset = `$${params.push(filter.offset)}`;
    // The total and the page in one statement: one round trip, and one snapshot even while
    // other processes write. A page past the end still answers the total, as a row of nulls.
    const rows = await this.#pg.read.query<Partial<Row> & { total: number }>(
      `SELECT t.total, page.id, page.geometry, page.properties
       FROM (SELECT count(*) AS total FROM gaps g ${where}) t
       LEFT JOIN LATERAL (
         SELECT g.key, g.updated_at, g.id, g.geometry, g.properties FROM gaps g ${where}
         ORDER BY g.updated_at DESC, g.key DESC LIMIT ${limit} OFFSET ${offset}) page ON true
       ORDER BY page.updated_at DESC, page.key DESC`,
      params,
    );
    return {
      items: rows.flatMap((r) => (r.id == null ? [] : [fromRow(r as Row)])),
      total: rows[0]?.total ?? 0,
    };
  }

  async listAsOf(instant: string, filter: GapFilter): Promise<Page<Gap>> {
    return pastGaps(await statesAsOf<Gap>(this.#pg.read, 'gaps', instant), filter);
  }

  insert(gap: Gap, action: string, audit: AuditContext): Promise<boolean> {
    return this.#pg.transaction(async (tx) => {
      if ((await tx.run(INSERT, columns(gap))).rowCount === 0) return false;
      await writeVersion(tx, 'gaps', gap.id, gap.properties.version, action, audit, null, gap);
      return true;
    });
  }

  update(gap: Gap, expectedVersion: number, action: string, audit: AuditContext): Promise<boolean> {
    return this.#pg.transaction(async (tx) => {
      const row = await tx.one<Row>(UPDATE, [...columns(gap), expectedVersion]);
      if (!row) return false;
      const before = fromRow(row);
      await writeVersion(tx, 'gaps', gap.id, gap.properties.version, action, audit, before, gap);
      return true;
    });
  }

  history(id: string): Promise<VersionEntry<Gap>[]> {
    return recordHistory(this.#pg.read, 'gaps', id);
  }
}
