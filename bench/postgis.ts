/**
 * The PostGIS anchor: a throwaway PostgreSQL cluster in a temporary folder on loopback, the same
 * records in a table with a GiST index, queried through node-postgres as a Node API server would.
 * Found or skipped: with no PostgreSQL binaries or no PostGIS extension, the anchor says so.
 */
import pg from 'pg';
import { postgresMissing, startPostgresCluster } from '../test/support/postgres-cluster.ts';

export interface PostGis {
  pool: pg.Pool;
  stop(): Promise<void>;
}

/** Why the anchor cannot run here, or null when it can. */
export function postgisMissing(): string | null {
  return postgresMissing();
}

/** The same throwaway cluster the PostgreSQL store's tests use, with room for a million rows. */
export async function startPostGis(): Promise<PostGis> {
  const cluster = await startPostgresCluster({
    user: 'bench',
    settings: ['shared_buffers=256MB', 'max_wal_size=4GB'],
  });
  const pool = new pg.Pool({ connectionString: cluster.url(), max: 8 });
  await pool.query('CREATE EXTENSION postgis');
  return {
    pool,
    async stop() {
      await pool.end();
      cluster.stop();
    },
  };
}

/**
 * The records of a benchmark's SQLite database, copied into PostGIS: geometry from the same
 * GeoJSON, properties as jsonb, a GiST index on the geometry. Answers the load time in seconds.
 */
export async function loadRecords(db: PostGis, csvFile: string): Promise<number> {
  const t = performance.now();
  await db.pool.query(`DROP TABLE IF EXISTS violations`);
  await db.pool.query(
    `CREATE UNLOGGED TABLE staging (id uuid, geometry text, properties jsonb, observed_at timestamptz)`,
  );
  await db.pool.query(`COPY staging FROM '${csvFile}' WITH (FORMAT csv)`);
  await db.pool.query(`CREATE TABLE violations AS
    SELECT id, ST_SetSRID(ST_GeomFromGeoJSON(geometry), 4326) AS geom, properties, observed_at FROM staging`);
  await db.pool.query(`DROP TABLE staging`);
  await db.pool.query(`ALTER TABLE violations ADD PRIMARY KEY (id)`);
  await db.pool.query(`CREATE INDEX violations_geom ON violations USING gist (geom)`);
  await db.pool.query(`CREATE INDEX violations_observed ON violations (observed_at DESC)`);
  await db.pool.query(`ANALYZE violations`);
  return (performance.now() - t) / 1000;
}

/** The bbox query as an API would answer it: newest first, at most `limit`, as one GeoJSON text. */
export async function bboxFeatureCollection(
  db: PostGis,
  bbox: number[],
  limit: number,
): Promise<{ body: string; count: number }> {
  const { rows } = await db.pool.query<{ id: string; geometry: string; properties: unknown }>(
    `SELECT id, ST_AsGeoJSON(geom) AS geometry, properties FROM violations
     WHERE geom && ST_MakeEnvelope($1, $2, $3, $4, 4326) AND ST_Intersects(geom, ST_MakeEnvelope($1, $2, $3, $4, 4326))
     ORDER BY observed_at DESC LIMIT $5`,
    [...bbox, limit],
  );
  const features = rows.map((r) => ({
    type: 'Feature',
    id: r.id,
    geometry: JSON.parse(r.geometry),
    properties: r.properties,
  }));
  return {
    body: JSON.stringify({ type: 'FeatureCollection', numberReturned: features.length, features }),
    count: rows.length,
  };
}

/** Grid clusters of a view in PostGIS: the records snapped to cells of the cluster radius. */
export async function gridClusters(
  db: PostGis,
  bbox: number[],
  cellDegrees: number,
): Promise<string> {
  const { rows } = await db.pool.query(
    `SELECT count(*)::int AS n, ST_X(ST_Centroid(ST_Collect(geom))) AS x, ST_Y(ST_Centroid(ST_Collect(geom))) AS y
     FROM violations WHERE geom && ST_MakeEnvelope($1, $2, $3, $4, 4326)
     GROUP BY ST_SnapToGrid(ST_Centroid(geom), $5)`,
    [...bbox, cellDegrees],
  );
  return JSON.stringify({
    type: 'FeatureCollection',
    features: rows.map((r) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [r.x, r.y] },
      properties: { point_count: r.n },
    })),
  });
}

/** One create as the app stores one: the row with its GiST entry, and a version row. */
export async function prepareCreates(
  db: PostGis,
): Promise<(feature: { id: string; geometry: unknown; properties: unknown }) => Promise<void>> {
  await db.pool.query(
    `CREATE TABLE IF NOT EXISTS versions (seq bigserial PRIMARY KEY, record_id uuid, at timestamptz, after jsonb)`,
  );
  return async (f) => {
    await db.pool.query(
      `WITH row AS (INSERT INTO violations (id, geom, properties, observed_at)
         VALUES ($1, ST_SetSRID(ST_GeomFromGeoJSON($2), 4326), $3, now()) RETURNING id)
       INSERT INTO versions (record_id, at, after) SELECT id, now(), $4 FROM row`,
      [f.id, JSON.stringify(f.geometry), JSON.stringify(f.properties), JSON.stringify(f)],
    );
  };
}
