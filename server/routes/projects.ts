/** /api/projects: land-clearance projects as GeoJSON, their stages and history. */
import { Hono } from 'hono';
import { createFactory } from 'hono/factory';
import { z } from 'zod';
import {
  projectArchiveSchema,
  projectCreateSchema,
  projectStageMoveSchema,
  projectUpdateSchema,
} from '../domain/project.ts';
import { projectQuerySchema } from '../domain/project-query.ts';
import { requirePermission } from '../http/auth.ts';
import type { AppEnv } from '../http/env.ts';
import { jsonBody, pathParams, queryParams } from '../http/validate.ts';
import type { AuditService } from '../services/audit.ts';
import type { ProjectService } from '../services/projects.ts';

// Any id is looked up: one that is not a UUID is simply not found.
const idParam = z.object({ id: z.string().max(100) });

const GEOJSON = { 'Content-Type': 'application/geo+json; charset=utf-8' };

export function projectRoutes(service: ProjectService, audit: AuditService) {
  return new Hono<AppEnv>()
    .get('/', requirePermission('public:read'), queryParams(projectQuerySchema), (c) => {
      const { asOf, stage, ...rest } = c.req.valid('query');
      const page = service.list({ ...rest, stages: stage }, asOf, c.get('user'));
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
    .post('/', requirePermission('projects:write'), jsonBody(projectCreateSchema), (c) => {
      const { feature, created } = service.create(c.req.valid('json'), c.get('user'));
      c.header('Location', `/api/projects/${feature.id}`);
      return c.json(feature, created ? 201 : 200, GEOJSON);
    })
    .get('/:id', requirePermission('public:read'), pathParams(idParam), (c) => {
      return c.json(service.get(c.req.valid('param').id, c.get('user')), 200, GEOJSON);
    })
    .patch(
      '/:id',
      requirePermission('projects:write'),
      pathParams(idParam),
      jsonBody(projectUpdateSchema),
      (c) => {
        const changed = service.update(c.req.valid('param').id, c.req.valid('json'), c.get('user'));
        return c.json(changed, 200, GEOJSON);
      },
    )
    .post(
      '/:id/stage',
      requirePermission('projects:write'),
      pathParams(idParam),
      jsonBody(projectStageMoveSchema),
      (c) => {
        const moved = service.moveStage(
          c.req.valid('param').id,
          c.req.valid('json'),
          c.get('user'),
        );
        return c.json(moved, 200, GEOJSON);
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
function archiving(service: ProjectService, archive: boolean) {
  return createFactory<AppEnv>().createHandlers(
    requirePermission('records:archive'),
    pathParams(idParam),
    jsonBody(projectArchiveSchema),
    (c) => {
      const { id } = c.req.valid('param');
      const changed = service.setArchived(id, archive, c.req.valid('json'), c.get('user'));
      return c.json(changed, 200, GEOJSON);
    },
  );
}
