/**
 * A GeoPackage's styles, in the `layer_styles` table QGIS reads when it opens a table (and GDAL
 * and other clients can read): for each table of one shape, a QGIS style (QML, rule-based, one
 * rule per class of the layer's style) and the same as an OGC Styled Layer Descriptor, marked as
 * the table's default. A planner who drags the file into QGIS sees the app's colours and legend.
 * The mixed tables have none: a QGIS symbol is of one shape.
 */
import type Database from 'better-sqlite3';
import type { Shape } from '../domain/shapes.ts';
import { escapeXml } from './kml.ts';
import { FILL_ALPHA, rgbOf, type StyleClass } from './layer-style.ts';

/**
 * What QGIS itself creates when it saves a style into a GeoPackage, registered as an attributes
 * table as QGIS and GDAL register it.
 */
export function createStylesTable(db: Database.Database, lastChange: string): void {
  db.exec(`CREATE TABLE layer_styles (id INTEGER PRIMARY KEY AUTOINCREMENT,
    f_table_catalog TEXT(256), f_table_schema TEXT(256), f_table_name TEXT(256),
    f_geometry_column TEXT(256), styleName TEXT(30), styleQML TEXT, styleSLD TEXT,
    useAsDefault BOOLEAN, description TEXT, owner TEXT(30), ui TEXT(30),
    update_time DATETIME DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')))`);
  db.prepare(
    `INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change)
     VALUES ('layer_styles', 'attributes', 'layer_styles', 'Kiểu hiển thị các lớp (QGIS, SLD)', ?)`,
  ).run(lastChange);
}

/** "r,g,b,a" as QGIS writes a colour, a from 0 to 255. */
function qgisColor(hex: string, alpha: number): string {
  return [...rgbOf(hex), Math.round(alpha * 255)].join(',');
}

/** A QGIS expression's string literal. */
const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;

/** The class's rule as a QGIS expression: `"kind" = 'x' AND "status" IN ('a', 'b')`. */
export function qgisFilter(where: StyleClass['where']): string {
  return Object.entries(where)
    .map(([field, values]) =>
      values.length === 1
        ? `"${field}" = ${literal(values[0]!)}`
        : `"${field}" IN (${values.map(literal).join(', ')})`,
    )
    .join(' AND ');
}

const props = (entries: Record<string, string>) =>
  Object.entries(entries)
    .map(([k, v]) => `<prop k="${k}" v="${escapeXml(v)}"/>`)
    .join('');

/** One class's symbol, of the table's shape. */
function qmlSymbol(shape: Shape, c: StyleClass, name: number): string {
  const color = qgisColor(c.color, c.opacity);
  const layer = (cls: string, p: Record<string, string>) =>
    `<layer class="${cls}" enabled="1" locked="0" pass="0">${props(p)}</layer>`;
  if (shape === 'points') {
    return (
      `<symbol type="marker" name="${name}" alpha="1" clip_to_extent="1" force_rhr="0">` +
      layer('SimpleMarker', {
        name: 'circle',
        color,
        size: '3',
        size_unit: 'MM',
        outline_color: '255,255,255,255',
        outline_width: '0.4',
        outline_width_unit: 'MM',
      }) +
      '</symbol>'
    );
  }
  if (shape === 'lines') {
    return (
      `<symbol type="line" name="${name}" alpha="1" clip_to_extent="1" force_rhr="0">` +
      layer('SimpleLine', { line_color: color, line_width: '0.8', line_width_unit: 'MM' }) +
      '</symbol>'
    );
  }
  return (
    `<symbol type="fill" name="${name}" alpha="1" clip_to_extent="1" force_rhr="0">` +
    layer('SimpleFill', {
      color: qgisColor(c.color, c.opacity * FILL_ALPHA),
      outline_color: color,
      outline_width: '0.6',
      outline_width_unit: 'MM',
      style: 'solid',
    }) +
    '</symbol>'
  );
}

/** A QGIS style (QML): a rule-based renderer, a rule and a symbol per class, labels in Vietnamese. */
export function qml(shape: Shape, classes: readonly StyleClass[]): string {
  const rules = classes
    .map(
      (c, i) =>
        `<rule key="rule-${c.id}" label="${escapeXml(c.label.vi)}" ` +
        `filter="${escapeXml(qgisFilter(c.where))}" symbol="${i}"/>`,
    )
    .join('\n');
  const symbols = classes.map((c, i) => qmlSymbol(shape, c, i)).join('\n');
  return `<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.22.0" styleCategories="Symbology">
<renderer-v2 type="RuleRenderer" symbollevels="0" enableorderby="0" forceraster="0">
<rules key="root">
${rules}
</rules>
<symbols>
${symbols}
</symbols>
</renderer-v2>
</qgis>
`;
}

/** The class's rule as an OGC filter. */
function sldFilter(where: StyleClass['where']): string {
  const equal = (field: string, value: string) =>
    `<ogc:PropertyIsEqualTo><ogc:PropertyName>${escapeXml(field)}</ogc:PropertyName>` +
    `<ogc:Literal>${escapeXml(value)}</ogc:Literal></ogc:PropertyIsEqualTo>`;
  const terms = Object.entries(where).map(([field, values]) =>
    values.length === 1
      ? equal(field, values[0]!)
      : `<ogc:Or>${values.map((v) => equal(field, v)).join('')}</ogc:Or>`,
  );
  return `<ogc:Filter>${terms.length === 1 ? terms[0] : `<ogc:And>${terms.join('')}</ogc:And>`}</ogc:Filter>`;
}

const css = (name: string, value: string) =>
  `<se:SvgParameter name="${name}">${value}</se:SvgParameter>`;

function sldSymbolizer(shape: Shape, c: StyleClass): string {
  const stroke = (width: string) =>
    `<se:Stroke>${css('stroke', c.color)}${css('stroke-opacity', String(c.opacity))}${css('stroke-width', width)}</se:Stroke>`;
  if (shape === 'points') {
    return (
      '<se:PointSymbolizer><se:Graphic><se:Mark><se:WellKnownName>circle</se:WellKnownName>' +
      `<se:Fill>${css('fill', c.color)}${css('fill-opacity', String(c.opacity))}</se:Fill>` +
      `<se:Stroke>${css('stroke', '#ffffff')}${css('stroke-width', '1')}</se:Stroke>` +
      '</se:Mark><se:Size>11</se:Size></se:Graphic></se:PointSymbolizer>'
    );
  }
  if (shape === 'lines') return `<se:LineSymbolizer>${stroke('3')}</se:LineSymbolizer>`;
  const fill = `<se:Fill>${css('fill', c.color)}${css('fill-opacity', String(c.opacity * FILL_ALPHA))}</se:Fill>`;
  return `<se:PolygonSymbolizer>${fill}${stroke('2')}</se:PolygonSymbolizer>`;
}

/** The same style as an OGC Styled Layer Descriptor 1.1 (Symbology Encoding). */
export function sld(table: string, shape: Shape, classes: readonly StyleClass[]): string {
  const rules = classes
    .map(
      (c) =>
        `<se:Rule><se:Name>${escapeXml(c.id)}</se:Name>` +
        `<se:Description><se:Title>${escapeXml(c.label.vi)}</se:Title></se:Description>` +
        `${sldFilter(c.where)}${sldSymbolizer(shape, c)}</se:Rule>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<StyledLayerDescriptor version="1.1.0" xmlns="http://www.opengis.net/sld" xmlns:se="http://www.opengis.net/se" xmlns:ogc="http://www.opengis.net/ogc" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.opengis.net/sld http://schemas.opengis.net/sld/1.1.0/StyledLayerDescriptor.xsd">
<NamedLayer><se:Name>${escapeXml(table)}</se:Name><UserStyle><se:Name>${escapeXml(table)}</se:Name>
<se:FeatureTypeStyle>
${rules}
</se:FeatureTypeStyle></UserStyle></NamedLayer>
</StyledLayerDescriptor>
`;
}

/** The default style of a table of one shape, as QGIS saves one. */
export function writeStyle(
  db: Database.Database,
  table: string,
  shape: Shape,
  classes: readonly StyleClass[],
  description: string,
  at: string,
): void {
  db.prepare(
    `INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column,
       styleName, styleQML, styleSLD, useAsDefault, description, owner, ui, update_time)
     VALUES ('', '', ?, 'geom', ?, ?, ?, 1, ?, '', NULL, ?)`,
  ).run(table, table, qml(shape, classes), sld(table, shape, classes), description, at);
}
