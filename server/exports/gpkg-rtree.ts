/**
 * GeoPackage's R-tree spatial index extension (GeoPackage 1.2, Annex F.3): a table's features
 * found by box without reading every row, which QGIS and GDAL use when they draw or filter a
 * layer by the map's extent. Filled as the rows are written, from the envelopes worked out for
 * them; the triggers the extension asks for keep it in step if someone edits the file later (GDAL
 * and QGIS provide the ST_ functions they call).
 */
import type Database from 'better-sqlite3';
import type { Envelope } from './gpkg-geometry.ts';

const EXTENSION = 'gpkg_rtree_index';
const DEFINITION = 'http://www.geopackage.org/spec120/#extension_rtree';

/** Creates gpkg_extensions: the register of the extensions a file uses. */
export function createExtensionsTable(db: Database.Database): void {
  db.exec(`CREATE TABLE gpkg_extensions (table_name TEXT, column_name TEXT,
    extension_name TEXT NOT NULL, definition TEXT NOT NULL, scope TEXT NOT NULL,
    CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name))`);
}

/** The spec's triggers for table `t`, geometry column `c` and key `i`, as it words them. */
function triggers(t: string, c: string, i: string): string {
  const rtree = `"rtree_${t}_${c}"`;
  const row = (r: string) =>
    `(${r}."${i}", ST_MinX(${r}."${c}"), ST_MaxX(${r}."${c}"), ST_MinY(${r}."${c}"), ST_MaxY(${r}."${c}"))`;
  const name = (suffix: string) => `"rtree_${t}_${c}_${suffix}"`;
  const present = (r: string) => `${r}."${c}" NOT NULL AND NOT ST_IsEmpty(${r}."${c}")`;
  return `
CREATE TRIGGER ${name('insert')} AFTER INSERT ON "${t}" WHEN (${present('NEW')})
BEGIN INSERT OR REPLACE INTO ${rtree} VALUES ${row('NEW')}; END;
CREATE TRIGGER ${name('update1')} AFTER UPDATE OF "${c}" ON "${t}"
WHEN OLD."${i}" = NEW."${i}" AND (${present('NEW')})
BEGIN INSERT OR REPLACE INTO ${rtree} VALUES ${row('NEW')}; END;
CREATE TRIGGER ${name('update2')} AFTER UPDATE OF "${c}" ON "${t}"
WHEN OLD."${i}" = NEW."${i}" AND (NEW."${c}" IS NULL OR ST_IsEmpty(NEW."${c}"))
BEGIN DELETE FROM ${rtree} WHERE id = OLD."${i}"; END;
CREATE TRIGGER ${name('update3')} AFTER UPDATE OF "${c}" ON "${t}"
WHEN OLD."${i}" != NEW."${i}" AND (${present('NEW')})
BEGIN DELETE FROM ${rtree} WHERE id = OLD."${i}";
INSERT OR REPLACE INTO ${rtree} VALUES ${row('NEW')}; END;
CREATE TRIGGER ${name('update4')} AFTER UPDATE ON "${t}"
WHEN OLD."${i}" != NEW."${i}" AND (NEW."${c}" IS NULL OR ST_IsEmpty(NEW."${c}"))
BEGIN DELETE FROM ${rtree} WHERE id IN (OLD."${i}", NEW."${i}"); END;
CREATE TRIGGER ${name('delete')} AFTER DELETE ON "${t}" WHEN old."${c}" NOT NULL
BEGIN DELETE FROM ${rtree} WHERE id = OLD."${i}"; END;`;
}

/**
 * The index of table `t`'s geometry column `geom` (key `fid`), made before its rows: each row's
 * box goes in as the row does (a file may hold a million, whose boxes are not kept in memory).
 * `finish` adds the triggers once the rows are in (they call functions plain SQLite lacks) and
 * registers the extension.
 */
export function rtreeIndex(
  db: Database.Database,
  t: string,
): { add(fid: number | bigint, box: Envelope): void; finish(): void } {
  db.exec(`CREATE VIRTUAL TABLE "rtree_${t}_geom" USING rtree(id, minx, maxx, miny, maxy)`);
  const insert = db.prepare(`INSERT INTO "rtree_${t}_geom" VALUES (?, ?, ?, ?, ?)`);
  return {
    add: (fid, [minX, minY, maxX, maxY]) => void insert.run(fid, minX, maxX, minY, maxY),
    finish() {
      db.exec(triggers(t, 'geom', 'fid'));
      db.prepare(`INSERT INTO gpkg_extensions VALUES (?, 'geom', ?, ?, 'write-only')`).run(
        t,
        EXTENSION,
        DEFINITION,
      );
    },
  };
}
