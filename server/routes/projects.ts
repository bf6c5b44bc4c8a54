/** /api/projects: land-clearance projects as GeoJSON, their stages and history. */
import { Hono } from 'hono';
import {
  projectArchiveSchema,
  projectCreateSchema,
  projectStageMoveSchema,
  projectUpdateSchema,
} from '../domain/projects/project.ts';
import { projectQuerySchema } from '../domain/projects/project-query.ts';
import { requirePermission } from '../http/auth.ts';
import type { AppEnv } from '../http/env.ts';
import { jsonBody, pathParams, queryParams } from '../http/validate.ts';
import { recordQuerySchema } from '../domain/as-of.ts';
import type { AuditService } from '../services/audit.ts';
import type { ProjectService } from '../services/projects.ts';
import {
  archiveHandlers,
  featurePage,
  GEOJSON,
  historyHandlers,
  idParam,
} from './record-handlers.ts';

export function projectRoutes(service: ProjectService, audit: AuditService) {
  return new Hono<AppEnv>()
    .get('/', requirePermission('public:read'), queryParams(projectQuerySchema), async (c) => {
      const { asOf, stage, ...rest } = c.req.valid('query');
      const page = await service.list({ ...rest, stages: stage }, asOf, c.get('user'));
      return c.json(featurePage(page), 200, GEOJSON);
    })
    .post('/', requirePermission('projects:write'), jsonBody(projectCreateSchema), async (c) => {
      const { feature, created } = await service.create(c.req.valid('json'), c.get('user'));
      c.header('Location', `/api/projects/${feature.id}`);
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
      requirePermission('projects:write'),
      pathParams(idParam),
      jsonBody(projectUpdateSchema),
      async (c) => {
        const { id } = c.req.valid('param');
        const changed = await service.update(id, c.req.valid('json'), c.get('user'));
        return c.json(changed, 200, GEOJSON);
      },
    )
    .post(
      '/:id/stage',
      requirePermission('projects:write'),
      pathParams(idParam),
      jsonBody(projectStageMoveSchema),
      async (c) => {
        const moved = await service.moveStage(
          c.req.valid('param').id,
          c.req.valid('json'),
          c.get('user'),
        );
        return c.json(moved, 200, GEOJSON);
      },
    )
    .post('/:id/archive', ...archiveHandlers(service, projectArchiveSchema, true))
    .post('/:id/restore', ...archiveHandlers(service, projectArchiveSchema, false))
    .get('/:id/history', ...historyHandlers(service, audit));
}
