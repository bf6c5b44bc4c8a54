/** /api/gaps: urban-criteria gaps as GeoJSON, their status moves and history. */
import { Hono } from 'hono';
import {
  gapArchiveSchema,
  gapCreateSchema,
  gapStatusMoveSchema,
  gapUpdateSchema,
} from '../domain/gaps/gap.ts';
import { gapQuerySchema } from '../domain/gaps/gap-query.ts';
import { requirePermission } from '../http/auth.ts';
import { jsonBody, pathParams, queryParams } from '../http/validate.ts';
import { recordQuerySchema } from '../domain/as-of.ts';
import type { AppEnv } from '../http/env.ts';
import type { AuditService } from '../services/audit.ts';
import type { GapService } from '../services/gaps.ts';
import {
  archiveHandlers,
  featurePage,
  GEOJSON,
  historyHandlers,
  idParam,
} from './record-handlers.ts';

export function gapRoutes(service: GapService, audit: AuditService) {
  return new Hono<AppEnv>()
    .get('/', requirePermission('public:read'), queryParams(gapQuerySchema), async (c) => {
      const { asOf, rule_set, standard, status, ...rest } = c.req.valid('query');
      const filter = { ...rest, ruleSet: rule_set, standards: standard, statuses: status };
      const page = await service.list(filter, asOf, c.get('user'));
      return c.json(featurePage(page), 200, GEOJSON);
    })
    .post('/', requirePermission('gaps:write'), jsonBody(gapCreateSchema), async (c) => {
      const { feature, created } = await service.create(c.req.valid('json'), c.get('user'));
      c.header('Location', `/api/gaps/${feature.id}`);
      return c.json(feature, created ? 201 : 200, GEOJSON);
    })
    .get(
      '/:id',
      requirePermission('public:read'),
      pathParams(idParam),
      queryParams(recordQuerySchema),
      async (c) => {
        const { id } = c.req.valid('param');
        const { asOf } = c.req.valid('query');
        return c.json(await service.get(id, c.get('user'), asOf), 200, GEOJSON);
      },
    )
    .patch(
      '/:id',
      requirePermission('gaps:write'),
      pathParams(idParam),
      jsonBody(gapUpdateSchema),
      async (c) => {
        const { id } = c.req.valid('param');
        return c.json(await service.update(id, c.req.valid('json'), c.get('user')), 200, GEOJSON);
      },
    )
    .post(
      '/:id/status',
      requirePermission('gaps:write'),
      pathParams(idParam),
      jsonBody(gapStatusMoveSchema),
      async (c) => {
        const { id } = c.req.valid('param');
        return c.json(await service.move(id, c.req.valid('json'), c.get('user')), 200, GEOJSON);
      },
    )
    .post('/:id/archive', ...archiveHandlers(service, gapArchiveSchema, true))
    .post('/:id/restore', ...archiveHandlers(service, gapArchiveSchema, false))
    .get('/:id/history', ...historyHandlers(service, audit));
}
