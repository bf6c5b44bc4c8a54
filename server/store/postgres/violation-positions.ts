/**
 * Violations reduced to points on the map, for clusters: a lean read of every matching record's
 * position (no JSON of the record is read), and the marker fields of the few shown one by one.
 */
import type { ViolationFilter } from '../filter.ts';
import type { ViolationMarker, ViolationPosition } from '../store.ts';
import type { SyncPg } from './sync-client.ts';
import { whereClause } from './violation-where.ts';

/** Positions per chunk, and chunks per round trip: 1M records are ten trips. */
const CHUNK = 10_000;
const CHUNKS_PER_FETCH = 10;

/** A point's own coordinates; a polygon's centre is its bbox's, as in the SQLite store. */
const POSITION = `SELECT v.key,
  CASE v.geom_type WHEN 'Point' THEN ST_X(v.geom) ELSE (ST_XMin(v.geom) + ST_XMax(v.geom)) / 2 END
    AS lon,
  CASE v.geom_type WHEN 'Point' THEN ST_Y(v.geom) ELSE (ST_YMin(v.geom) + ST_YMax(v.geom)) / 2 END
    AS lat
  FROM violations v`;

/**
 * Read in one snapshot on a connection of its own, so other calls go on while it is consumed.
 * The positions come as chunks of text ("key lon lat key lon lat …"): a row object per record,
 * built in the worker and copied to this thread, costs about twice as much. float8 prints its
 * shortest exact form (extra_float_digits at its default), so the numbers read back are the
 * stored ones.
 */
export function* positions(pg: SyncPg, filter: ViolationFilter): Generator<ViolationPosition> {
  const params: unknown[] = [];
  const where = whereClause({ ...filter, bbox: undefined }, params);
  const chunks = pg.cursor<{ chunk: string }>(
    `SELECT string_agg(concat_ws(' ', p.key, p.lon, p.lat), ' ') AS chunk
     FROM (${POSITION} ${where}) p GROUP BY p.key / ${CHUNK}`,
    params,
    CHUNKS_PER_FETCH,
  );
  for (const { chunk } of chunks) {
    const parts = chunk.split(' ');
    for (let i = 0; i < parts.length; i += 3) {
      yield { key: Number(parts[i]), lon: Number(parts[i + 1]), lat: Number(parts[i + 2]) };
    }
  }
}

export function markers(pg: SyncPg, keys: readonly number[]): ViolationMarker[] {
  if (keys.length === 0) return [];
  return pg.query<ViolationMarker>(
    `SELECT key, id, kind, status, deadline FROM violations WHERE key = ANY($1::bigint[])
     ORDER BY key`,
    [keys],
  );
}
