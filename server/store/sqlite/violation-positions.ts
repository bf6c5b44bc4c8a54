/**
 * Violations reduced to points on the map, for clusters: a lean read of every matching record's
 * position (no JSON of the record is parsed), and the marker fields of the few shown one by one.
 */
import type { ViolationFilter } from '../filter.ts';
import type { ViolationMarker, ViolationPosition } from '../store.ts';
import type { Db } from './database.ts';
import { changesWritten } from './versions.ts';
import { onTheBox } from './violation-box.ts';
import { whereClause } from './violation-where.ts';

/**
 * A point's own coordinates; a polygon's centre from its R*Tree box (32-bit, off by well under a
 * metre, which a cluster does not show). Reading them off the R*Tree's rows, as the map without
 * filters does below, costs more here: each matching record is found in the table of records
 * first, and a point's short geometry is cheaper to read there than a lookup in the R*Tree.
 */
const POSITION = `SELECT v.rowid,
  CASE v.geom_type WHEN 'Point' THEN json_extract(v.geometry, '$.coordinates[0]')
    ELSE (SELECT (b.min_x + b.max_x) / 2 FROM violations_rtree b WHERE b.id = v.rowid) END,
  CASE v.geom_type WHEN 'Point' THEN json_extract(v.geometry, '$.coordinates[1]')
    ELSE (SELECT (b.min_y + b.max_y) / 2 FROM violations_rtree b WHERE b.id = v.rowid) END
  FROM violations v`;

/**
 * Every position from the R*Tree alone, for the map without filters (the one most views ask
 * for, rebuilt as writes come in): each R*Tree row carries its record's position (migration
 * 009). At 100k records: about 200 ms a build, against 800 ms through the records' rows.
 */
function boxPositions(filter: ViolationFilter): string {
  const archived =
    filter.archived === 'include' ? '' : `WHERE r.archived = ${filter.archived === 'only' ? 1 : 0}`;
  return `SELECT r.id, r.lon, r.lat FROM violations_rtree r ${archived}`;
}

export function* positions(db: Db, filter: ViolationFilter): Generator<ViolationPosition> {
  const all = { ...filter, bbox: undefined };
  const { sql, params } = onTheBox(all)
    ? { sql: boxPositions(all), params: [] }
    : (({ joins, where, params }) => ({ sql: `${POSITION} ${joins} ${where}`, params }))(
        whereClause(all),
      );
  const rows = db
    .prepare<unknown[], [number, number, number]>(sql)
    .raw()
    .iterate(...params);
  for (const [key, lon, lat] of rows) yield { key, lon, lat };
}

export function markers(db: Db, keys: readonly number[]): ViolationMarker[] {
  if (keys.length === 0) return [];
  return db
    .prepare<[string], ViolationMarker>(
      `SELECT rowid AS key, id, kind, status, deadline FROM violations
       WHERE rowid IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(keys));
}

/** In-process writes, and SQLite's data_version, which moves when another connection commits. */
export function revision(db: Db): string {
  return `${changesWritten(db, 'violations')}:${db.pragma('data_version', { simple: true })}`;
}
