/**
 * GeoPackage 1.2 written directly with SQLite, the way GDAL opens it without a warning
 * (DESIGN.md): application_id "GPKG", user_version 10200, the three core tables in foreign-key
 * order, spatial reference systems -1, 0, 4326 and 9213 with GDAL's own WKT1, and per layer a
 * WGS84 table and a VN-2000 (EPSG:9213) table with an integer fid. Each table is typed by its
 * shape (POINT, LINESTRING, MULTIPOLYGON): a layer of several shapes gets a table of each beside
 * its mixed one (GEOMETRY), since QGIS types a table by its first feature. Every table has the
 * R-tree spatial index, and each typed one its default style in the map's colours
 * (gpkg-styles.ts). Nothing depends on when the file is made (last_change is the month's
 * end), so a closed month gives the same bytes again.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { SHAPE_NAMES, shapeOf, type Shape } from '../domain/shapes.ts';
import { toVn2000, VN2000_EPSG } from '../domain/vn2000.ts';
import { nextTurn } from '../event-loop.ts';
import { envelopeOf, geoPackageGeometry, mapPositions, type Envelope } from './gpkg-geometry.ts';
import { createExtensionsTable, rtreeIndex } from './gpkg-rtree.ts';
import { createCoreTables } from './gpkg-schema.ts';
import { createStylesTable, writeStyle } from './gpkg-styles.ts';
import type { ExportGeometry, FieldType, FieldValue } from './layer.ts';
import { exportTitle, type ExportRow, type ExportSection, type ExportSource } from './source.ts';

/**
 * Rows per step; they are read from the store first, the event loop running meanwhile. A row
 * goes into two to four tables and their R-trees: a step of 100 holds the loop for a few ms.
 */
const ROWS_PER_STEP = 100;
/** Rows between commits. */
const ROWS_PER_COMMIT = 10_000;
/** The page cache of the file being written, in KiB. */
const CACHE_KB = 64 * 1024;

/** GeoPackage's own column types; MEDIUMINT is its 32-bit integer, which GDAL reads as Integer. */
const COLUMN_TYPE: Record<FieldType, string> = {
  text: 'TEXT',
  integer: 'MEDIUMINT',
  real: 'DOUBLE',
  boolean: 'BOOLEAN',
  date: 'DATE',
  datetime: 'DATETIME',
};

/** The two tables of a layer: as recorded (WGS84) and on the national grid. */
const TABLE_CRS = [
  { suffix: '', srsId: 4326, crs: 'WGS 84', project: (p: number[]) => p },
  {
    suffix: '_vn2000',
    srsId: VN2000_EPSG,
    crs: 'VN-2000 / TM-3 106-30',
    project: ([lon, lat]: number[]) => {
      const { easting, northing } = toVn2000(lon!, lat!);
      return [easting, northing];
    },
  },
] as const;

/** A table's geometry type by the shape it holds; areas as multi, where a polygon is promoted. */
const GEOMETRY_TYPE: Record<Shape, string> = {
  points: 'POINT',
  lines: 'LINESTRING',
  areas: 'MULTIPOLYGON',
};

interface Table {
  name: string;
  srsId: number;
  project: (p: number[]) => number[];
  /** The shape it is typed by; null for a layer's mixed table. */
  shape: Shape | null;
  /** It holds every row of its layer (no place included): the mixed table, or a layer's only one. */
  every: boolean;
  insert: Database.Statement;
  rtree: ReturnType<typeof rtreeIndex>;
  box: Envelope | null;
}

/** The tables of a layer, by shape: the mixed one (null) and one per shape, or its only shape. */
function tableShapes(shapes: readonly Shape[]): (Shape | null)[] {
  return shapes.length === 1 ? [shapes[0]!] : [null, ...shapes];
}

function sqlValue(value: FieldValue): string | number | null {
  return typeof value === 'boolean' ? (value ? 1 : 0) : value;
}

function createTables(
  db: Database.Database,
  section: ExportSection,
  source: ExportSource,
): Table[] {
  const columns = [
    '"layer" TEXT',
    '"id" TEXT NOT NULL',
    ...section.fields.map((f) => `"${f.name}" ${COLUMN_TYPE[f.type]}`),
  ];
  const description = exportTitle(source);
  const { shapes } = section.layer;
  return tableShapes(shapes).flatMap((shape) =>
    TABLE_CRS.map(({ suffix, srsId, crs, project }): Table => {
      const split = shape !== null && shapes.length > 1;
      const name = `${section.layer.name}${split ? `_${shape}` : ''}${suffix}`;
      const type = shape ? GEOMETRY_TYPE[shape] : 'GEOMETRY';
      db.exec(`CREATE TABLE "${name}" ("fid" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
        "geom" ${type}, ${columns.join(', ')})`);
      const title = split
        ? `${section.layer.title.vi} (${SHAPE_NAMES[shape].vi})`
        : section.layer.title.vi;
      db.prepare(
        `INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change, srs_id)
         VALUES (?, 'features', ?, ?, ?, ?)`,
      ).run(name, `${title} ${source.month.id} (${crs})`, description, source.month.until, srsId);
      db.prepare(`INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', ?, ?, 0, 0)`).run(
        name,
        type,
        srsId,
      );
      const holes = ['?', '?', '?', ...section.fields.map(() => '?')].join(', ');
      const insert = db.prepare(`INSERT INTO "${name}" VALUES (NULL, ${holes})`);
      const rtree = rtreeIndex(db, name);
      // The mixed table has none: a QGIS symbol is of one shape.
      if (shape) {
        writeStyle(db, name, shape, section.layer.classes, title, source.month.until);
      }
      return { name, srsId, project, shape, every: !split, insert, rtree, box: null };
    }),
  );
}

/** A row's geometry as a table of this shape keeps it: areas as MultiPolygon. */
function asStored(geometry: ExportGeometry, shape: Shape | null): ExportGeometry {
  if (shape !== 'areas' || geometry.type !== 'Polygon') return geometry;
  return { type: 'MultiPolygon', coordinates: [geometry.coordinates] };
}

function grow(box: Envelope | null, [minX, minY, maxX, maxY]: Envelope): Envelope {
  if (!box) return [minX, minY, maxX, maxY];
  return [
    Math.min(box[0], minX),
    Math.min(box[1], minY),
    Math.max(box[2], maxX),
    Math.max(box[3], maxY),
  ];
}

function insertRow(tables: Table[], section: ExportSection, row: ExportRow): void {
  const values = row.values.map(sqlValue);
  const shape = shapeOf(row.geometry);
  // The row's geometry and box in each CRS, projected once for its mixed and typed tables.
  const projected = new Map<number, { geometry: ExportGeometry; box: Envelope }>();
  for (const table of tables) {
    // A table of one shape of several holds that shape alone. A record with no one place has a
    // NULL geometry, which GeoPackage allows.
    if (!table.every && table.shape !== shape) continue;
    let inCrs = row.geometry && projected.get(table.srsId);
    if (row.geometry && !inCrs) {
      const geometry = mapPositions(row.geometry, table.project);
      inCrs = { geometry, box: envelopeOf(geometry) };
      projected.set(table.srsId, inCrs);
    }
    const blob = inCrs && geoPackageGeometry(asStored(inCrs.geometry, table.shape), table.srsId);
    const { lastInsertRowid } = table.insert.run(
      blob ?? null,
      section.layer.name,
      row.id,
      ...values,
    );
    if (inCrs) {
      table.box = grow(table.box, inCrs.box);
      table.rtree.add(lastInsertRowid, inCrs.box);
    }
  }
}

async function writeSection(db: Database.Database, section: ExportSection, source: ExportSource) {
  const tables = createTables(db, section, source);
  const rows = section.rows();
  let written = 0;
  try {
    for (let done = false; !done;) {
      // A step's rows are read first: a transaction of better-sqlite3 cannot wait for a promise.
      const step: ExportRow[] = [];
      while (step.length < ROWS_PER_STEP) {
        const next = await rows.next();
        if (next.done) {
          done = true;
          break;
        }
        step.push(next.value);
      }
      db.transaction(() => {
        for (const row of step) insertRow(tables, section, row);
      })();
      // A commit now and then, not at every step: each rewrote the index pages it had touched
      // all over the file (100k violations took 21 s that way, 13 s this), and one at the end
      // alone held the event loop while it wrote them all.
      written += step.length;
      if (written >= ROWS_PER_COMMIT) {
        db.exec('COMMIT; BEGIN');
        written = 0;
      }
      if (!done) await nextTurn();
    }
  } finally {
    // Releases the store's reader when the file fails half-way.
    await rows.return(undefined);
  }
  const extent = db.prepare(
    'UPDATE gpkg_contents SET min_x = ?, min_y = ?, max_x = ?, max_y = ? WHERE table_name = ?',
  );
  for (const table of tables) {
    if (table.box) extent.run(...table.box, table.name);
    table.rtree.finish();
  }
}

/** Writes the file at `path` (which must not exist) and closes it: ready to send or keep. */
export async function writeGeoPackage(path: string, source: ExportSource): Promise<void> {
  const db = new Database(path);
  try {
    createCoreTables(db);
    createExtensionsTable(db);
    createStylesTable(db, source.month.until);
    // Room for the R-trees' pages, and few commits (writeSection): steps are savepoints.
    db.pragma(`cache_size = -${CACHE_KB}`);
    db.exec('BEGIN');
    for (const section of source.sections) await writeSection(db, section, source);
    db.exec('COMMIT');
  } finally {
    db.close();
  }
}

/** The file's bytes, written first to a temporary file in `tempDir`, removed once sent. */
export async function* geopackageChunks(
  source: ExportSource,
  tempDir: string,
): AsyncGenerator<Uint8Array> {
  await mkdir(tempDir, { recursive: true });
  const path = join(tempDir, `${randomUUID()}.gpkg`);
  try {
    await writeGeoPackage(path, source);
    for await (const chunk of createReadStream(path)) yield chunk as Buffer;
  } finally {
    await rm(path, { force: true });
    await rm(`${path}-journal`, { force: true });
  }
}
