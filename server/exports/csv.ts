/**
 * CSV for Excel: UTF-8 with a byte-order mark (without it Excel reads Vietnamese as Windows-1252),
 * CRLF line ends, RFC 4180 quoting. Each row has its WGS84 position and its VN-2000 grid
 * coordinates, the columns named so that X (northing, in Vietnamese practice) and Y (easting)
 * cannot be swapped, and the grid's name on every row, so a copied row keeps its meaning. Each
 * time (UTC, as the records keep it) is followed by the same time in Việt Nam (`…_local`,
 * +07:00), written as a spreadsheet reads a date and time: read alone, a UTC time is taken for
 * the office's and is seven hours early.
 */
import { pointOnFeature } from '@turf/turf';
import type { Position } from 'geojson';
import { localDateTime } from '../domain/dates.ts';
import { toVn2000, VN2000_NAME } from '../domain/vn2000.ts';
import type { ExportGeometry, FieldValue } from './layer.ts';
import type { ExportRow, ExportSource } from './source.ts';

export const CSV_POSITION_COLUMNS = [
  'layer',
  'id',
  'geometry_type',
  'lon',
  'lat',
  'vn2000_x_northing_m',
  'vn2000_y_easting_m',
  'vn2000_crs',
] as const;

/** A cell as RFC 4180 wants it: quoted when it holds a comma, a quote or a line break. */
function cell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * Text a person typed, made safe for a spreadsheet: Excel runs a cell that starts with = + - @ as
 * a formula (OWASP "CSV injection"), and shows "- lấn chiếm" as #NAME?. A leading apostrophe
 * keeps it text; GeoJSON and GeoPackage carry the text exactly.
 */
function text(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function format(value: FieldValue): string {
  if (value === null) return '';
  if (typeof value === 'string') return cell(text(value));
  return String(value);
}

/** Where a row sits: a point's own position; for a line or an area, a point surely on it. */
function position(geometry: ExportGeometry): Position {
  return geometry.type === 'Point'
    ? geometry.coordinates
    : pointOnFeature(geometry).geometry.coordinates;
}

function positionCells(layer: string, row: ExportRow): string[] {
  // A record with no one place (a gap of a whole ward) has empty position cells.
  if (!row.geometry) return [layer, row.id, '', '', '', '', '', ''];
  const [lon, lat] = position(row.geometry) as [number, number];
  const { northing, easting } = toVn2000(lon, lat);
  return [
    layer,
    row.id,
    row.geometry.type,
    lon.toFixed(7),
    lat.toFixed(7),
    northing.toFixed(3),
    easting.toFixed(3),
    cell(VN2000_NAME),
  ];
}

/** The suffix of a time's column in Việt Nam time. */
export const LOCAL_SUFFIX = '_local';

export async function* csvText(source: ExportSource): AsyncGenerator<string> {
  // One header for every layer: the union of their fields, a layer's own left empty by others;
  // a time's column in Việt Nam time right after it.
  const columns: { name: string; local: boolean }[] = [];
  for (const section of source.sections) {
    for (const f of section.fields) {
      if (columns.some((c) => c.name === f.name)) continue;
      columns.push({ name: f.name, local: false });
      if (f.type === 'datetime') columns.push({ name: f.name, local: true });
    }
  }
  const header = columns.map((c) => (c.local ? `${c.name}${LOCAL_SUFFIX}` : c.name));
  yield `\uFEFF${[...CSV_POSITION_COLUMNS, ...header].join(',')}\r\n`;
  for (const section of source.sections) {
    const at = columns.map((c) => section.fields.findIndex((f) => f.name === c.name));
    for await (const row of section.rows()) {
      const values = at.map((i, n) => {
        if (i < 0) return '';
        const value = row.values[i]!;
        if (!columns[n]!.local) return format(value);
        return typeof value === 'string' ? localDateTime(value) : '';
      });
      yield `${[...positionCells(section.layer.name, row), ...values].join(',')}\r\n`;
    }
  }
}
