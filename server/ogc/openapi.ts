/**
 * The OpenAPI 3.0 description of /ogc (the landing page's `service-desc`). QGIS reads it, and
 * GDAL takes its page size from the `limit` parameter's default and maximum.
 */
import { SESSION_COOKIE } from '../http/auth.ts';
import { SUPPORTED_CRS } from './crs.ts';
import { GEOJSON_TYPE, OPENAPI_TYPE } from './documents.ts';
import { DEFAULT_LIMIT, MAX_LIMIT } from './params.ts';

const json = (description: string, type = 'application/json') => ({
  description,
  content: { [type]: { schema: { type: 'object' } } },
});

const ERROR = {
  description: 'Lỗi / Error: { "error": { "code", "message", "details"? } }',
  content: {
    'application/json': {
      schema: {
        type: 'object',
        required: ['error'],
        properties: {
          error: {
            type: 'object',
            required: ['code', 'message'],
            properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} },
          },
        },
      },
    },
  },
};

const ref = (name: string) => ({ $ref: `#/components/parameters/${name}` });

export function openApiDocument(base: string, collectionIds: readonly string[]) {
  const crs = {
    type: 'string',
    format: 'uri',
    enum: [...SUPPORTED_CRS],
    default: SUPPORTED_CRS[0],
  };
  const errors = { '400': ERROR, '401': ERROR, '404': ERROR };
  return {
    openapi: '3.0.3',
    info: {
      title: 'Bản đồ trật tự đô thị Bắc Kạn — OGC API Features',
      version: '1.0.0',
      description:
        'OGC API – Features Part 1 (Core, GeoJSON) and Part 2 (crs). Anonymous readers get the public view; send a personal API token as `Authorization: Bearer …` for the staff view.',
    },
    servers: [{ url: base }],
    security: [{}, { bearerToken: [] }, { basicToken: [] }, { sessionCookie: [] }],
    paths: {
      '/': { get: { summary: 'Landing page', responses: { '200': json('Landing page') } } },
      '/api': {
        get: { summary: 'This document', responses: { '200': json('OpenAPI', OPENAPI_TYPE) } },
      },
      '/conformance': {
        get: { summary: 'Conformance classes', responses: { '200': json('Conformance') } },
      },
      '/collections': {
        get: { summary: 'Collections', responses: { '200': json('Collections') } },
      },
      '/collections/{collectionId}': {
        get: {
          summary: 'One collection',
          parameters: [ref('collectionId')],
          responses: { '200': json('Collection'), ...errors },
        },
      },
      '/collections/{collectionId}/queryables': {
        get: {
          summary: 'The properties of its features, as JSON Schema (Part 3)',
          parameters: [ref('collectionId')],
          responses: { '200': json('Queryables', 'application/schema+json'), ...errors },
        },
      },
      '/collections/{collectionId}/items': {
        get: {
          summary: 'Features of a collection',
          parameters: [
            'collectionId',
            'bbox',
            'bbox-crs',
            'datetime',
            'limit',
            'offset',
            'crs',
            'f',
          ].map(ref),
          responses: { '200': json('FeatureCollection', GEOJSON_TYPE), ...errors },
        },
      },
      '/collections/{collectionId}/items/{featureId}': {
        get: {
          summary: 'One feature',
          parameters: [ref('collectionId'), ref('featureId'), ref('crs'), ref('f')],
          responses: { '200': json('Feature', GEOJSON_TYPE), ...errors },
        },
      },
    },
    components: {
      parameters: {
        collectionId: {
          name: 'collectionId',
          in: 'path',
          required: true,
          schema: { type: 'string', enum: [...collectionIds] },
        },
        featureId: { name: 'featureId', in: 'path', required: true, schema: { type: 'string' } },
        bbox: {
          name: 'bbox',
          in: 'query',
          style: 'form',
          explode: false,
          description:
            'minLon,minLat,maxLon,maxLat, or minLon,minLat,minH,maxLon,maxLat,maxH (in bbox-crs; heights are ignored)',
          schema: { type: 'array', minItems: 4, maxItems: 6, items: { type: 'number' } },
        },
        'bbox-crs': { name: 'bbox-crs', in: 'query', schema: crs },
        datetime: {
          name: 'datetime',
          in: 'query',
          description: 'RFC 3339 instant or date, or an interval start/end with .. for open',
          schema: { type: 'string' },
        },
        limit: {
          name: 'limit',
          in: 'query',
          schema: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT },
        },
        offset: {
          name: 'offset',
          in: 'query',
          schema: { type: 'integer', minimum: 0, default: 0 },
        },
        crs: { name: 'crs', in: 'query', schema: crs },
        f: {
          name: 'f',
          in: 'query',
          description: 'The encoding: GeoJSON (json or geojson), or HTML for a browser',
          schema: { type: 'string', enum: ['json', 'geojson', 'html'] },
        },
      },
      securitySchemes: {
        bearerToken: { type: 'http', scheme: 'bearer' },
        basicToken: {
          type: 'http',
          scheme: 'basic',
          description: 'The username, and a personal API token as the password',
        },
        sessionCookie: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
      },
    },
  };
}
