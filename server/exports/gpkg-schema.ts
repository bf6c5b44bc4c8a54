/**
 * The fixed part of every GeoPackage we write: the header pragmas, the core tables as GDAL creates
 * them, and the spatial reference systems with the definitions GDAL itself writes.
 */
import type Database from 'better-sqlite3';
import { VN2000_EPSG } from '../domain/vn2000.ts';

const APPLICATION_ID = 0x47504b47; // "GPKG"
const USER_VERSION = 10200;
/** What GDAL writes for EPSG:4326 (latitude first, as EPSG defines it; GeoPackage stores x = lon). */
const WGS84_WKT =
  'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]';
/** `gdalsrsinfo -o wkt1 EPSG:9213` on one line: the definition GDAL itself writes. */
const VN2000_WKT =
  'PROJCS["VN-2000 / TM-3 106-30",GEOGCS["VN-2000",DATUM["Vietnam_2000",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6756"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4756"]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",106.5],PARAMETER["scale_factor",0.9999],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AXIS["Easting",EAST],AXIS["Northing",NORTH],AUTHORITY["EPSG","9213"]]';

const SPATIAL_REF_SYS: [string, number, string, number, string, string][] = [
  [
    'Undefined Cartesian SRS',
    -1,
    'NONE',
    -1,
    'undefined',
    'undefined Cartesian coordinate reference system',
  ],
  [
    'Undefined geographic SRS',
    0,
    'NONE',
    0,
    'undefined',
    'undefined geographic coordinate reference system',
  ],
  [
    'WGS 84 geodetic',
    4326,
    'EPSG',
    4326,
    WGS84_WKT,
    'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid',
  ],
  [
    'VN-2000 / TM-3 106-30',
    VN2000_EPSG,
    'EPSG',
    VN2000_EPSG,
    VN2000_WKT,
    'VN-2000, TM-3 zone 106°30′, k0 0.9999 (QĐ 05/2007/QĐ-BTNMT); x = easting, y = northing',
  ],
];

// The core tables as GDAL creates them; the order matters, for their foreign keys.
const CORE_TABLES = `
CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY,
  organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL,
  description TEXT);
CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL,
  identifier TEXT UNIQUE, description TEXT DEFAULT '',
  last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
  CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL,
  geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
  CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
  CONSTRAINT uk_gc_table_name UNIQUE (table_name),
  CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
  CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
`;

/** Makes an empty GeoPackage of a new database file. */
export function createCoreTables(db: Database.Database): void {
  // One self-contained file, no -wal beside it.
  db.pragma('journal_mode = DELETE');
  db.pragma(`application_id = ${APPLICATION_ID}`);
  db.pragma(`user_version = ${USER_VERSION}`);
  db.exec(CORE_TABLES);
  const srs = db.prepare('INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)');
  for (const row of SPATIAL_REF_SYS) srs.run(...row);
}
