/**
 * GET /api/violations/clusters?bbox=…&zoom=…: the zoomed-out map of violations as clusters and
 * single markers, with the list's filters and permissions. GeoJSON, so a MapLibre GeoJSON source
 * takes it as it is; the web map asks for the view on screen after each move.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { bboxSchema, violationQuerySchema } from '../domain/violations/violation-query.ts';
import { requirePermission } from '../http/auth.ts';
import type { AppEnv } from '../http/env.ts';
import { queryParams } from '../http/validate.ts';
import type { ViolationClusters } from '../services/violation-clusters.ts';

const clusterQuery = violationQuerySchema
  .omit({ limit: true, offset: true, asOf: true, bbox: true })
  .extend({
    bbox: bboxSchema,
    /** MapLibre's zoom, fractions allowed: the clusters of its whole level are sent. */
    zoom: z.string().trim().min(1).transform(Number).pipe(z.number().min(0).max(24)),
  });

export function violationClusterRoutes(clusters: ViolationClusters) {
  return new Hono<AppEnv>().get(
    '/',
    requirePermission('public:read'),
    queryParams(clusterQuery),
    async (c) => {
      const { bbox, zoom, kind, status, ...rest } = c.req.valid('query');
      // Waits only for a filter's first index: later builds run while the last index answers.
      const view = await clusters.view(
        bbox,
        zoom,
        { ...rest, kinds: kind, statuses: status },
        c.get('user'),
      );
      return c.json(view, 200, { 'Content-Type': 'application/geo+json; charset=utf-8' });
    },
  );
}
