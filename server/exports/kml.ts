/**
 * KML 2.2 for Google Earth and GIS viewers: a Folder per layer, a Placemark per record with its
 * fields as typed SchemaData, its TimeStamp and a shared Style in the map's colours, all text
 * escaped, so Vietnamese descriptions with quotes or angle brackets stay text (the balloon's
 * description is escaped for HTML as well: see descriptionXml). Every id is an xs:ID, as the
 * schema asks: it starts with a letter and names one thing only.
 */
import type { Position } from 'geojson';
import type { ExportGeometry, FieldType, FieldValue } from './layer.ts';
import { exportTitle, type ExportRow, type ExportSection, type ExportSource } from './source.ts';
import { FILL_ALPHA, rgbOf } from './layer-style.ts';

/** XML 1.0 cannot hold most control characters at all, escaped or not: a parser stops at one. */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

export function escapeXml(text: string): string {
  return text.replace(NOT_XML, '\uFFFD').replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * A description as a viewer must show it: as the text typed, never as HTML. KML 2.2 lets
 * <description> hold HTML, and Google Earth, like most viewers, renders the element's text as HTML
 * however it was written in the file: as entities (`&lt;b&gt;`) or in CDATA alike. XML escaping
 * alone therefore leaves `<img src=x onerror=…>` live in the balloon. The text is HTML-escaped
 * first and XML-escaped on top (`<` is written `&amp;lt;`), so what the viewer's HTML parser gets
 * holds no tag at all and shows every character as typed. No `<br>` is added for line breaks:
 * a text with no markup is what Google Earth lays out with its line breaks kept, and the record's
 * fields (ExtendedData, what GIS tools read) keep the plain text, breaks included.
 */
export function descriptionXml(text: string): string {
  return escapeXml(text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]!));
}

/**
 * An xs:ID (an NCName): letters, digits, `_`, `-` and `.`, after a prefix that starts with a
 * letter; anything else in the rest becomes `_`.
 */
export function kmlId(prefix: string, rest: string): string {
  return `${prefix}-${rest.replace(/[^A-Za-z0-9_.-]/g, '_')}`;
}

/** KML's colour: aabbggrr in hex. */
function kmlColor(rgb: string, alpha: number): string {
  const [r, g, b] = rgbOf(rgb);
  const a = Math.round(Math.min(1, Math.max(0, alpha)) * 255);
  return [a, b, g, r].map((n) => n.toString(16).padStart(2, '0')).join('');
}

/** A layer's shared styles: a point's icon, a line and an area's outline, an area's fill. */
function stylesXml(section: ExportSection): string {
  return section.layer.classes
    .map(
      (c) =>
        `<Style id="${kmlId(section.layer.name, c.id)}">` +
        `<IconStyle><color>${kmlColor(c.color, c.opacity)}</color></IconStyle>` +
        `<LineStyle><color>${kmlColor(c.color, c.opacity)}</color><width>2</width></LineStyle>` +
        `<PolyStyle><color>${kmlColor(c.color, c.opacity * FILL_ALPHA)}</color></PolyStyle>` +
        `</Style>\n`,
    )
    .join('');
}

const KML_TYPE: Record<FieldType | 'id', string> = {
  id: 'string',
  text: 'string',
  integer: 'int',
  real: 'double',
  boolean: 'bool',
  date: 'string',
  datetime: 'string',
};

function coordinates(ring: Position[]): string {
  return ring.map(([lon, lat]) => `${lon},${lat}`).join(' ');
}

function ringXml(tag: 'outerBoundaryIs' | 'innerBoundaryIs', ring: Position[]): string {
  return `<${tag}><LinearRing><coordinates>${coordinates(ring)}</coordinates></LinearRing></${tag}>`;
}

function polygonXml([shell, ...holes]: Position[][]): string {
  const inner = holes.map((h) => ringXml('innerBoundaryIs', h)).join('');
  return `<Polygon>${ringXml('outerBoundaryIs', shell!)}${inner}</Polygon>`;
}

function geometryXml(geometry: ExportGeometry | null): string {
  // A placemark may have no geometry (KML 2.2): a record with no one place.
  if (!geometry) return '';
  if (geometry.type === 'Point') {
    return `<Point><coordinates>${coordinates([geometry.coordinates])}</coordinates></Point>`;
  }
  if (geometry.type === 'LineString') {
    return `<LineString><coordinates>${coordinates(geometry.coordinates)}</coordinates></LineString>`;
  }
  if (geometry.type === 'MultiPolygon') {
    return `<MultiGeometry>${geometry.coordinates.map(polygonXml).join('')}</MultiGeometry>`;
  }
  return polygonXml(geometry.coordinates);
}

function schemaXml(section: ExportSection): string {
  const name = section.layer.name;
  const fields = [
    { name: 'layer', type: 'id' as const, label: 'Lớp dữ liệu' },
    { name: 'id', type: 'id' as const, label: 'Mã hồ sơ' },
    ...section.fields.map((f) => ({ name: f.name, type: f.type, label: f.label.vi })),
  ];
  const simple = fields.map(
    (f) =>
      `<SimpleField name="${f.name}" type="${KML_TYPE[f.type]}">` +
      `<displayName>${escapeXml(f.label)}</displayName></SimpleField>`,
  );
  return `<Schema name="${name}" id="${kmlId('schema', name)}">\n${simple.join('\n')}\n</Schema>\n`;
}

/** A bool as 1 or 0: both are XML Schema booleans, and GDAL reads "true" as an integer 0. */
function simpleData(name: string, value: FieldValue): string {
  if (value === null) return '';
  const text = typeof value === 'boolean' ? (value ? '1' : '0') : String(value);
  return `<SimpleData name="${name}">${escapeXml(text)}</SimpleData>`;
}

function placemarkXml(section: ExportSection, row: ExportRow): string {
  const name = section.layer.name;
  const description = section.fields.findIndex((f) => f.name === 'description');
  const data = [
    simpleData('layer', name),
    simpleData('id', row.id),
    ...section.fields.map((f, i) => simpleData(f.name, row.values[i]!)),
  ].join('');
  // In KML 2.2's order: name, description, TimeStamp, styleUrl, ExtendedData, the geometry.
  return (
    `<Placemark id="${kmlId(name, row.id)}"><name>${escapeXml(row.name)}</name>` +
    (description >= 0 && row.values[description]
      ? `<description>${descriptionXml(String(row.values[description]))}</description>`
      : '') +
    (row.when ? `<TimeStamp><when>${escapeXml(row.when)}</when></TimeStamp>` : '') +
    `<styleUrl>#${kmlId(name, row.style)}</styleUrl>` +
    `<ExtendedData><SchemaData schemaUrl="#${kmlId('schema', name)}">${data}</SchemaData></ExtendedData>` +
    `${geometryXml(row.geometry)}</Placemark>\n`
  );
}

export async function* kmlText(source: ExportSource): AsyncGenerator<string> {
  yield '<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2">\n';
  yield `<Document id="urban-issue-map-${source.month.id}"><name>${escapeXml(exportTitle(source))}</name>\n`;
  for (const section of source.sections) yield stylesXml(section);
  for (const section of source.sections) yield schemaXml(section);
  for (const section of source.sections) {
    const folder = kmlId('folder', section.layer.name);
    yield `<Folder id="${folder}"><name>${escapeXml(section.layer.title.vi)}</name>\n`;
    for await (const row of section.rows()) yield placemarkXml(section, row);
    yield '</Folder>\n';
  }
  yield '</Document>\n</kml>\n';
}
