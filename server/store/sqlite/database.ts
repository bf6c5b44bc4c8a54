/** Opens the SQLite database with the settings every connection needs. */
import Database from 'better-sqlite3';
import { bboxPolygon, booleanIntersects } from '@turf/turf';
import type { Geometry } from 'geojson';

export type Db = Database.Database;

/** Opens (creating if needed) a database file, or ':memory:' for tests. */
export function openDatabase(path: string): Db {
  const db = new Database(path);
  // WAL lets readers go on while one writer commits; NORMAL sync in WAL mode loses nothing
  // acknowledged when the process dies, only (at worst) the last commits on power loss.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // A second process (backup, export CLI) may hold the write lock for a moment: wait, don't fail.
  db.pragma('busy_timeout = 5000');
  // 64 MB of page cache (the default is 2 MB): at a million records the indexes of random ids
  // (record ids, version keys) no longer fit in 2 MB, and each insert or bbox read would go to the
  // OS for pages it had a moment ago. Pages are cached only as they are read.
  db.pragma('cache_size = -65536');
  registerFunctions(db);
  return db;
}

/** The exact test after the R*Tree's bounding-box test, for geometries that are not points. */
function registerFunctions(db: Db): void {
  db.function(
    'geom_intersects_bbox',
    { deterministic: true },
    (geometry: unknown, minX: unknown, minY: unknown, maxX: unknown, maxY: unknown) => {
      const box = [minX, minY, maxX, maxY] as [number, number, number, number];
      return booleanIntersects(bboxPolygon(box), JSON.parse(String(geometry)) as Geometry) ? 1 : 0;
    },
  );
}
