/** Each OGC API document as the HTML page a browser is given (html.ts lays them out). */
import type { Feature, Geometry } from 'geojson';
import { formatDateVi, localDateTime } from '../domain/dates.ts';
import type { OgcCollection } from './collection.ts';
import type { collectionDocument, landingPage, Link } from './documents.ts';
import { anchor, linksHtml, page, tableHtml, text, withFormat } from './html.ts';

type Landing = ReturnType<typeof landingPage>;
type CollectionDocument = ReturnType<typeof collectionDocument>;

/** A link to a document's HTML form. */
const html = (href: string) => withFormat(href, 'html');

export function landingHtml(doc: Landing, base: string): string {
  return page(
    doc.title,
    base,
    `${base}?f=json`,
    `<p>${text(doc.description)}</p>${linksHtml(doc.links)}`,
  );
}

export function conformanceHtml(conformsTo: readonly string[], base: string): string {
  const items = conformsTo.map((c) => `<li>${anchor(c, c)}</li>`).join('');
  return page(
    'Các lớp phù hợp / Conformance',
    base,
    `${base}/conformance?f=json`,
    `<ul>${items}</ul>`,
  );
}

export function collectionsHtml(docs: readonly CollectionDocument[], base: string): string {
  const rows = docs.map((d) => [
    anchor(html(`${base}/collections/${d.id}`), d.id),
    text(d.title),
    text(d.description),
    `${anchor(html(`${base}/collections/${d.id}/items`), 'HTML')} · ${anchor(`${base}/collections/${d.id}/items`, 'GeoJSON')}`,
  ]);
  return page(
    'Tập dữ liệu / Collections',
    base,
    `${base}/collections?f=json`,
    tableHtml(['Mã / Id', 'Tên / Title', 'Mô tả / Description', 'Đối tượng / Items'], rows),
  );
}

export function collectionHtml(doc: CollectionDocument, base: string): string {
  const href = `${base}/collections/${doc.id}`;
  const [minX, minY, maxX, maxY] = doc.extent.spatial.bbox[0]!;
  const body =
    `<p>${text(doc.description)}</p>` +
    `<p>Phạm vi / Extent (WGS84): ${text([minX, minY, maxX, maxY].join(', '))}</p>` +
    `<p>${anchor(html(`${href}/items`), 'Các đối tượng / Items (HTML)')} · ${anchor(`${href}/items`, 'GeoJSON')}</p>` +
    linksHtml(doc.links);
  return page(doc.title, base, `${href}?f=json`, body);
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A value of a feature's property, as a cell a person reads: a day as dd/mm/yyyy and an instant
 * in Việt Nam time, as the app shows them (the JSON keeps ISO and UTC).
 */
function cell(value: unknown): string {
  if (typeof value === 'string' && INSTANT.test(value)) {
    const [day, time] = localDateTime(value).split(' ');
    return text(`${formatDateVi(day!)} ${time}`);
  }
  if (typeof value === 'string' && DAY.test(value)) return text(formatDateVi(value));
  return text(typeof value === 'object' && value !== null ? JSON.stringify(value) : value);
}

export function itemsHtml(
  collection: OgcCollection,
  head: { numberMatched: number; numberReturned: number; links: Link[] },
  features: readonly Feature<Geometry>[],
  base: string,
  json: string,
): string {
  const href = `${base}/collections/${collection.id}/items`;
  const names = [...new Set(features.flatMap((f) => Object.keys(f.properties ?? {})))];
  const rows = features.map((f) => [
    anchor(html(`${href}/${encodeURIComponent(String(f.id))}`), f.id),
    text(f.geometry?.type ?? '—'),
    ...names.map((n) => cell(f.properties?.[n])),
  ]);
  const paging = head.links
    .filter((l) => l.rel === 'prev' || l.rel === 'next')
    .map((l) =>
      anchor(html(l.href), l.rel === 'prev' ? '← Trang trước / Previous' : 'Trang sau / Next →'),
    )
    .join(' · ');
  const body =
    `<p>${text(head.numberReturned)} / ${text(head.numberMatched)} đối tượng / features. ${paging}</p>` +
    tableHtml(['id', 'Hình học / Geometry', ...names], rows);
  return page(`${collection.title}: các đối tượng / items`, base, json, body);
}

export function featureHtml(
  collection: OgcCollection,
  feature: Feature<Geometry>,
  base: string,
  json: string,
): string {
  const rows = Object.entries(feature.properties ?? {}).map(([k, v]) => [text(k), cell(v)]);
  const body =
    `<p>${anchor(html(`${base}/collections/${collection.id}`), collection.title)} · ` +
    `Hình học / Geometry: ${text(feature.geometry?.type ?? '—')}</p>` +
    tableHtml(['Trường / Field', 'Giá trị / Value'], rows);
  return page(`${collection.title}: ${String(feature.id)}`, base, json, body);
}

/** The OpenAPI document for a person: each path with its parameters. */
export function serviceDocHtml(openapi: { paths: Record<string, unknown> }, base: string): string {
  const rows = Object.entries(openapi.paths).map(([path, item]) => {
    const get = (item as { get?: { summary?: string; parameters?: { $ref?: string }[] } }).get;
    const parameters = (get?.parameters ?? [])
      .map((p) => p.$ref?.split('/').pop() ?? '')
      .filter(Boolean)
      .map((p) => `<code>${text(p)}</code>`)
      .join(' ');
    return [
      `<code>GET /ogc${text(path === '/' ? '' : path)}</code>`,
      text(get?.summary),
      parameters,
    ];
  });
  const body =
    `<p>OGC API – Features, Phần 1 và 2 (crs). Không đăng nhập: bản công khai; khóa truy cập cá nhân (Bearer, hoặc mật khẩu của Basic với tên đăng nhập): theo quyền của tài khoản. ${anchor(`${base}/api`, 'OpenAPI 3.0 (JSON)')}</p>` +
    tableHtml(['Đường dẫn / Path', 'Nội dung / Summary', 'Tham số / Parameters'], rows);
  return page('Tài liệu API / API documentation', base, `${base}/api`, body);
}
