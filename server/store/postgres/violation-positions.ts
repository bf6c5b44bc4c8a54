/**
 * Violations reduced to points on the map, for clusters: a lean read of every matching record's
 * position (no JSON of the record is read), and the marker fields of the few shown one by one.
 */
import type { ViolationFilter } from '../filter.ts';
import type { ViolationMarker, ViolationPosition } from '../store.ts';
import type { Queryable } from './pg-client.ts';
import { whereClause } from './violation-where.ts';

/** Positions per chunk of text: 1M records are a hundred rows. */
const CHUNK = 10_000;

/** A point's own coordinates; a polygon's centre is its bbox's, as in the SQLite store. */
const POSITION = `SELECT v.key,
  CASE v.geom_type WHEN 'Point' THEN ST_X(v.geom) ELSE (ST_XMin(v.geom) + ST_XMax(v.geom)) / 2 END
    AS lon,
  CASE v.geom_type WHEN 'Point' THEN ST_Y(v.geom) ELSE (ST_YMin(v.geom) + ST_YMax(v.geom)) / 2 END
    AS lat
  FROM violations v`;

/**
 * One statement. The positions come as chunks of text ("key lon lat key lon lat …"): a row
 * object per record costs node-postgres about twice as much to build. float8 prints its shortest
 * exact form (extra_float_digits at its default), so the numbers read back are the stored ones.
 */
export async function positions(
  pg: Queryable,
  filter: ViolationFilter,
): Promise<ViolationPosition[]> {
  const params: unknown[] = [];
  const where = whereClause({ ...filter, bbox: undefined }, params);
  const chunks = await pg.query<{ chunk: string }>(
    `SELECT string_agg(concat_ws(' ', p.key, p.lon, p.lat), ' ') AS chunk
     FROM (${POSITION} ${where}) p GROUP BY p.key / ${CHUNK}`,
    params,
  );
  const out: ViolationPosition[] = [];
  for (const { chunk } of chunks) {
    const parts = chunk.split(' ');
    for (let i = 0; i < parts.length; i += 3) {
      out.push({ key: Number(parts[i]), lon: Number(parts[i + 1]), lat: Number(parts[i + 2]) });
    }
  }
  return out;
}

export function markers(pg: Queryable, keys: readonly number[]): Promise<ViolationMarker[]> {
  if (keys.length === 0) return Promise.resolve([]);
  return pg.query<ViolationMarker>(
    `SELECT key, id, kind, status, deadline FROM violations WHERE key = ANY($1::bigint[])
     ORDER BY key`,
    [keys],
  );
}
