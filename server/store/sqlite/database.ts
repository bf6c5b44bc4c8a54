/** Opens the SQLite database with the settings every connection needs. */
import Database from 'better-sqlite3';
import { bboxPolygon } from '@turf/bbox-polygon';
import { booleanIntersects } from '@turf/boolean-intersects';
import type { Geometry } from 'geojson';
import { chmodSync, closeSync, openSync, statSync } from 'node:fs';
import { OWNER_FILE } from '../../owner-only.ts';
import { startCheckpointer } from './checkpointer.ts';

export type Db = Database.Database;

/**
 * Log pages after which a commit copies the log into the file itself. The checkpointer's worker
 * does that copying all along; this is the fallback, and what lets the log start over from its
 * beginning: with commits landing while the worker copies, only the writer can restart it.
 */
const WAL_AUTOCHECKPOINT_PAGES = 32768;

/** Opens (creating if needed) a database file, or ':memory:' for tests. */
export function openDatabase(path: string): Db {
  if (path !== ':memory:' && path !== '') ownerOnly(path);
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
  if (path !== ':memory:' && path !== '') checkpointInBackground(db, path);
  return db;
}

/**
 * Creates the database file 0600 before SQLite does (it would make it 0644 less the umask), and
 * tightens one an older version left readable by others. SQLite gives its -wal and -shm the
 * database file's mode when it creates them; ones already there are tightened too.
 */
function ownerOnly(path: string): void {
  try {
    closeSync(openSync(path, 'wx', OWNER_FILE));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    try {
      if ((statSync(file).mode & 0o777) !== OWNER_FILE) chmodSync(file, OWNER_FILE);
    } catch (e) {
      // Not there yet (SQLite makes it with the database's mode), or not ours to change: the
      // database still opens as before.
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
        console.warn(`Could not make ${file} owner-only: ${(e as Error).message}`);
      }
    }
  }
}

/**
 * A read-only connection to a database file another connection opened and migrated: a reader of
 * the store's pool. It writes nothing, so it needs no checkpointer and no journal settings.
 */
export function openReadConnection(path: string): Db {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -65536');
  registerFunctions(db);
  return db;
}

/** Checkpoints in a worker thread, stopped when the database is closed (before its last close). */
function checkpointInBackground(db: Db, path: string): void {
  db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
  const checkpointer = startCheckpointer(path);
  const close = db.close.bind(db);
  db.close = () => {
    checkpointer.stop();
    return close();
  };
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
