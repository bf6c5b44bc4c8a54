/**
 * The OGC API's JSON documents: landing page, conformance, collections. Every link is absolute:
 * GDAL resolves a root-relative `/ogc/…` against the /ogc base and asks for `/ogc/ogc/…`.
 */
import type { OgcCollection } from './collection.ts';
import { CRS84, SUPPORTED_CRS } from './crs.ts';
import { QUERYABLES_REL, SCHEMA_TYPE } from './queryables.ts';

export const GEOJSON_TYPE = 'application/geo+json';
export const OPENAPI_TYPE = 'application/vnd.oai.openapi+json;version=3.0';
export const HTML_TYPE = 'text/html';

export const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
  'http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables',
];

export interface Link {
  href: string;
  rel: string;
  type: string;
  title?: string;
}

export function landingPage(base: string) {
  return {
    title: 'Bản đồ trật tự đô thị Bắc Kạn — OGC API Features',
    description:
      'Vi phạm trật tự đô thị và ranh giới phường, xã. Không đăng nhập: bản công khai; khóa truy cập (Bearer) hoặc phiên đăng nhập: theo quyền của tài khoản. Urban-order violations and ward boundaries of Bắc Kạn.',
    links: [
      { href: base, rel: 'self', type: 'application/json', title: 'Trang này / This document' },
      { href: `${base}?f=html`, rel: 'alternate', type: HTML_TYPE, title: 'HTML' },
      { href: `${base}/api`, rel: 'service-desc', type: OPENAPI_TYPE, title: 'OpenAPI 3.0' },
      {
        href: `${base}/api.html`,
        rel: 'service-doc',
        type: HTML_TYPE,
        title: 'Tài liệu API / API documentation',
      },
      { href: `${base}/conformance`, rel: 'conformance', type: 'application/json' },
      { href: `${base}/collections`, rel: 'data', type: 'application/json' },
    ] satisfies Link[],
  };
}

export function conformance() {
  return { conformsTo: CONFORMANCE };
}

export function collectionDocument(base: string, c: OgcCollection) {
  const href = `${base}/collections/${c.id}`;
  return {
    id: c.id,
    title: c.title,
    description: c.description,
    itemType: 'feature',
    extent: {
      spatial: { bbox: [c.bbox], crs: CRS84 },
      ...(c.interval && {
        temporal: {
          interval: [c.interval],
          trs: 'http://www.opengis.net/def/uom/ISO-8601/0/Gregorian',
        },
      }),
    },
    crs: [...SUPPORTED_CRS],
    storageCrs: CRS84,
    links: [
      { href, rel: 'self', type: 'application/json', title: c.title },
      { href: `${href}?f=html`, rel: 'alternate', type: HTML_TYPE, title: c.title },
      { href: `${href}/items`, rel: 'items', type: GEOJSON_TYPE, title: c.title },
      { href: `${href}/queryables`, rel: QUERYABLES_REL, type: SCHEMA_TYPE, title: c.title },
    ] satisfies Link[],
  };
}

export function collectionsDocument(base: string, collections: readonly OgcCollection[]) {
  return {
    links: [
      { href: `${base}/collections`, rel: 'self', type: 'application/json' },
      { href: `${base}/collections?f=html`, rel: 'alternate', type: HTML_TYPE },
    ] satisfies Link[],
    collections: collections.map((c) => collectionDocument(base, c)),
  };
}
