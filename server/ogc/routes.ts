/**
 * /ogc: OGC API – Features for GIS software (QGIS, GDAL's OAPIF driver). It shares /api's sign-in:
 * a session cookie or a personal API token (Bearer, or Basic's password) gives the account's
 * view, no credential the public one. Every document comes as JSON (GeoJSON for features), or as
 * HTML when `f=html` asks or, with no `f`, a browser does (its Accept names HTML and no JSON):
 * GDAL and QGIS ask for JSON and get it whether they say f=json or not.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { Hono } from 'hono';
import type { Feature, Geometry } from 'geojson';
import { localDate } from '../domain/dates.ts';
import { rfc7946Winding } from '../domain/winding.ts';
import { DomainError } from '../domain/errors.ts';
import { requirePermission } from '../http/auth.ts';
import type { AppEnv } from '../http/env.ts';
import { setResponseHeader } from '../http/response-header.ts';
import type { Clock } from '../domain/clock.ts';
import type { OgcCollection, Reader } from './collection.ts';
import { bboxToWgs84, CRS84, geometryIn, type Crs } from './crs.ts';
import {
  collectionDocument,
  collectionsDocument,
  conformance,
  GEOJSON_TYPE,
  HTML_TYPE,
  landingPage,
  OPENAPI_TYPE,
  type Link,
} from './documents.ts';
import { openApiDocument } from './openapi.ts';
import { SCHEMA_TYPE } from './queryables.ts';
import { withFormat } from './html.ts';
import {
  collectionHtml,
  collectionsHtml,
  conformanceHtml,
  featureHtml,
  itemsHtml,
  landingHtml,
  serviceDocHtml,
} from './html-pages.ts';
import { parseDocumentFormat, parseFeatureQuery, parseItemsQuery } from './params.ts';
import { mapInTurns } from '../event-loop.ts';

export interface OgcDeps {
  /** Who is asking: /api's own sign-in middleware (http/auth.ts), so both read it alike. */
  authenticate: MiddlewareHandler<AppEnv>;
  /** The read limits of public and token reads (http/read-limits.ts), after authentication. */
  readLimit: MiddlewareHandler<AppEnv>;
  collections: readonly OgcCollection[];
  clock: Clock;
}

/** The absolute URL of /ogc: the app's own origin (http/public-origin.ts), never the Host header. */
function baseUrl(c: Context<AppEnv>): string {
  return `${c.get('origins')[0]}/ogc`;
}

/** HTML for f=html, or for a browser that names HTML and no JSON; JSON otherwise. */
function wantsHtml(c: Context<AppEnv>, f: string | undefined): boolean {
  if (f !== undefined) return f === 'html';
  const accept = c.req.header('accept') ?? '';
  return accept.includes('text/html') && !accept.includes('json');
}

const htmlPage = (c: Context<AppEnv>, body: string) =>
  c.body(body, 200, { 'Content-Type': 'text/html; charset=utf-8' });

/** GeoJSON's own type unless the client asks for plain JSON only; the body is the same. */
function featuresType(accept: string | undefined): string {
  if (!accept || /application\/geo\+json|\*\/\*|application\/\*/.test(accept)) return GEOJSON_TYPE;
  return /application\/json/.test(accept) ? 'application/json' : GEOJSON_TYPE;
}

/** A document as JSON, or as its HTML page when that is asked for (the `f` of a document). */
function documentOf<T>(c: Context<AppEnv>, doc: T, toHtml: (doc: T) => string): Response {
  if (wantsHtml(c, parseDocumentFormat(c.req.query('f')))) return htmlPage(c, toHtml(doc));
  return c.json(doc as object);
}

/** A feature in the asked CRS, its polygons wound by RFC 7946 (in WGS84, before any axis swap). */
function withCrs(feature: Feature<Geometry>, crs: Crs): Feature<Geometry> {
  if (!feature.geometry) return feature;
  return { ...feature, geometry: geometryIn(rfc7946Winding(feature.geometry), crs) };
}

export function ogcRoutes({ authenticate, readLimit, collections, clock }: OgcDeps) {
  const byId = new Map(collections.map((c) => [c.id, c]));
  const ids = collections.map((c) => c.id);
  const find = (id: string): OgcCollection => {
    const found = byId.get(id);
    if (found) return found;
    throw new DomainError(
      'NOT_FOUND',
      {
        vi: `Không có tập dữ liệu "${id}". Có: ${ids.join(', ')}.`,
        en: `There is no collection "${id}". There are: ${ids.join(', ')}.`,
      },
      { collections: ids },
    );
  };
  const reader = (c: Context<AppEnv>): Reader => ({
    user: c.get('user'),
    permissions: c.get('permissions'),
    today: localDate(clock.now()),
  });
  const landing = (c: Context<AppEnv>) =>
    documentOf(c, landingPage(baseUrl(c)), (doc) => landingHtml(doc, baseUrl(c)));

  return new Hono<AppEnv>()
    .use(authenticate)
    .use(requirePermission('public:read'))
    .use(readLimit)
    .use(async (c, next) => {
      await next();
      // What one reader sees is not for a shared cache.
      setResponseHeader(c, 'Cache-Control', 'private, no-cache');
    })
    .get('/', landing)
    .get('/api', (c) =>
      c.body(JSON.stringify(openApiDocument(baseUrl(c), ids)), 200, {
        'Content-Type': OPENAPI_TYPE,
      }),
    )
    .get('/api.html', (c) =>
      htmlPage(c, serviceDocHtml(openApiDocument(baseUrl(c), ids), baseUrl(c))),
    )
    .get('/conformance', (c) =>
      documentOf(c, conformance(), (doc) => conformanceHtml(doc.conformsTo, baseUrl(c))),
    )
    .get('/collections', (c) =>
      documentOf(c, collectionsDocument(baseUrl(c), collections), (doc) =>
        collectionsHtml(doc.collections, baseUrl(c)),
      ),
    )
    .get('/collections/:collectionId', (c) =>
      documentOf(c, collectionDocument(baseUrl(c), find(c.req.param('collectionId'))), (doc) =>
        collectionHtml(doc, baseUrl(c)),
      ),
    )
    .get('/collections/:collectionId/queryables', (c) => {
      const collection = find(c.req.param('collectionId'));
      const href = `${baseUrl(c)}/collections/${collection.id}/queryables`;
      const schema = {
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        $id: href,
        type: 'object',
        title: collection.title,
        properties: {
          geometry: { $ref: 'https://geojson.org/schema/Geometry.json' },
          ...collection.queryables(reader(c)),
        },
        additionalProperties: false,
      };
      return c.body(JSON.stringify(schema), 200, { 'Content-Type': SCHEMA_TYPE });
    })
    .get('/collections/:collectionId/items', async (c) => {
      const collection = find(c.req.param('collectionId'));
      const query = parseItemsQuery(c.req.query());
      const bbox = query.bbox && bboxToWgs84(query.bbox, query.bboxCrs);
      const page = await collection.items({ ...query, bbox }, reader(c));
      const items = `${baseUrl(c)}/collections/${collection.id}/items`;
      const url = new URL(c.req.url);
      const at = (offset: number) => {
        const params = new URLSearchParams(url.search);
        params.set('limit', String(query.limit));
        params.set('offset', String(offset));
        return `${items}?${params}`;
      };
      const asHtml = wantsHtml(c, c.req.query('f'));
      const type = featuresType(c.req.header('accept'));
      const links: Link[] = [
        { href: `${items}${url.search}`, rel: 'self', type },
        { href: withFormat(`${items}${url.search}`, 'html'), rel: 'alternate', type: HTML_TYPE },
        {
          href: `${baseUrl(c)}/collections/${collection.id}`,
          rel: 'collection',
          type: 'application/json',
        },
      ];
      // A next link only while it moves on: GDAL follows next links until there are none.
      const returned = page.features.length;
      if (returned > 0 && query.offset + returned < page.total) {
        links.push({ href: at(query.offset + returned), rel: 'next', type });
      }
      // A prev link to a page that has features: from past the end, the last full page.
      if (query.offset > 0 && page.total > 0) {
        const prev = Math.min(query.offset - query.limit, page.total - query.limit);
        links.push({ href: at(Math.max(0, prev)), rel: 'prev', type });
      }
      const head = {
        type: 'FeatureCollection',
        numberMatched: page.total,
        numberReturned: returned,
        timeStamp: clock.now().toISOString(),
        links,
      };
      if (asHtml) {
        const features = page.features.map((f) => (typeof f === 'string' ? JSON.parse(f) : f));
        const json = withFormat(`${items}${url.search}`, 'json');
        return htmlPage(c, itemsHtml(collection, head, features, baseUrl(c), json));
      }
      const features = await mapInTurns(page.features, (f) => {
        if (typeof f !== 'string') return JSON.stringify(withCrs(f, query.crs));
        return query.crs === CRS84 ? f : JSON.stringify(withCrs(JSON.parse(f), query.crs));
      });
      const body = `${JSON.stringify(head).slice(0, -1)},"features":[${features.join(',')}]}`;
      return c.body(body, 200, {
        'Content-Type': type,
        'Content-Crs': `<${query.crs}>`,
      });
    })
    .get('/collections/:collectionId/items/:featureId', async (c) => {
      const collection = find(c.req.param('collectionId'));
      const { crs } = parseFeatureQuery(c.req.query());
      const featureId = c.req.param('featureId');
      const feature = await collection.item(featureId, reader(c));
      if (!feature) {
        throw new DomainError(
          'NOT_FOUND',
          {
            vi: `Không có đối tượng "${featureId}" trong "${collection.id}".`,
            en: `There is no feature "${featureId}" in "${collection.id}".`,
          },
          { collection: collection.id, featureId },
        );
      }
      const href = `${baseUrl(c)}/collections/${collection.id}`;
      if (wantsHtml(c, c.req.query('f'))) {
        const json = `${href}/items/${encodeURIComponent(featureId)}?f=json`;
        return htmlPage(c, featureHtml(collection, feature, baseUrl(c), json));
      }
      const type = featuresType(c.req.header('accept'));
      const body = {
        ...withCrs(feature, crs),
        links: [
          { href: `${href}/items/${encodeURIComponent(featureId)}`, rel: 'self', type },
          { href, rel: 'collection', type: 'application/json' },
        ],
      };
      return c.body(JSON.stringify(body), 200, { 'Content-Type': type, 'Content-Crs': `<${crs}>` });
    });
}
