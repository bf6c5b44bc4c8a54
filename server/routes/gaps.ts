/** /api/gaps: urban-criteria gaps as GeoJSON, their status moves and history. */
import { Hono } from 'hono';
import { createFactory } from 'hono/factory';
import { z } from 'zod';
import {
  gapArchiveSchema,
  gapCreateSchema,
  gapStatusMoveSchema,
  gapUpdateSchema,
} from '../domain/gap.ts';
import { gapQuerySchema } from '../domain/gap-query.ts';
import { requirePermission } from '../http/auth.ts';
import { jsonBody, pathParams, queryParams } from '../http/validate.ts';
import type { AppEnv } from '../http/env.ts';
import type { AuditService } from '../services/audit.ts';
import type { GapService } from '../services/gaps.ts';

// Any id is looked up: one that is not a UUID is simply not found.
const idParam = z.object({ id: z.string().max(100) });

const GEOJSON = { 'Content-Type': 'application/geo+json; charset=utf-8' };

export function gapRoutes(service: GapService, audit: AuditService) {
  return new Hono<AppEnv>()
    .get('/', requirePermission('public:read'), queryParams(gapQuerySchema), (c) => {
      const { asOf, rule_set, standard, status, ...rest } = c.req.valid('query');
      const filter = { ...rest, ruleSet: rule_set, standards: standard, statuses: status };
      const page = service.list(filter, asOf, c.get('user'));
      return c.json(
        {
          type: 'FeatureCollection' as const,
          numberMatched: page.total,
          numberReturned: page.items.length,
          features: page.items,
        },
        200,
        GEOJSON,
      );
    })
    .post('/', requirePermission('gaps:write'), jsonBody(gapCreateSchema), (c) => {
      const { feature, created } = service.create(c.req.valid('json'), c.get('user'));
      c.header('Location', `/api/gaps/${feature.id}`);
      return c.json(feature, created ? 201 : 200, GEOJSON);
    })
    .get('/:id', requirePermission('public:read'), pathParams(idParam), (c) => {
      return c.json(service.get(c.req.valid('param').id, c.get('user')), 200, GEOJSON);
    })
    .patch(
      '/:id',
      requirePermission('gaps:write'),
      pathParams(idParam),
      jsonBody(gapUpdateSchema),
      (c) => {
        const { id } = c.req.valid('param');
        return c.json(service.update(id, c.req.valid('json'), c.get('user')), 200, GEOJSON);
      },
    )
    .post(
      '/:id/status',
      requirePermission('gaps:write'),
      pathParams(idParam),
      jsonBody(gapStatusMoveSchema),
      (c) => {
        const { id } = c.req.valid('param');
        return c.json(service.move(id, c.req.valid('json'), c.get('user')), 200, GEOJSON);
      },
    )
    .post('/:id/archive', ...archiving(service, true))
    .post('/:id/restore', ...archiving(service, false))
    .get('/:id/history', requirePermission('records:read'), pathParams(idParam), (c) => {
      const versions = service.history(c.req.valid('param').id, c.get('user'));
      return c.json({ versions, users: audit.names(versions.map((v) => v.user)) }, 200);
    });
}

/** Archive or restore: the same check, body and answer, one flag apart. */
function archiving(service: GapService, archive: boolean) {
  return createFactory<AppEnv>().createHandlers(
    requirePermission('records:archive'),
    pathParams(idParam),
    jsonBody(gapArchiveSchema),
    (c) => {
      const { id } = c.req.valid('param');
      return c.json(
        service.setArchived(id, archive, c.req.valid('json'), c.get('user')),
        200,
        GEOJSON,
      );
    },
  );
}
