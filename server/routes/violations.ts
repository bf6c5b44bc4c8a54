/** /api/violations: reports of violations as GeoJSON, their enforcement steps and history. */
import { Hono } from 'hono';
import { z } from 'zod';
import {
  violationCreateSchema,
  violationStepSchema,
  violationUpdateSchema,
} from '../domain/violation.ts';
import { violationQuerySchema } from '../domain/violation-query.ts';
import { jsonBody, pathParams, queryParams } from '../http/validate.ts';
import type { AppEnv } from '../http/env.ts';
import type { ViolationService } from '../services/violations.ts';

// Any id is looked up: one that is not a UUID is simply not found.
const idParam = z.object({ id: z.string().max(100) });

const GEOJSON = { 'Content-Type': 'application/geo+json; charset=utf-8' };

export function violationRoutes(service: ViolationService) {
  return new Hono<AppEnv>()
    .get('/', queryParams(violationQuerySchema), (c) => {
      const { asOf, kind, status, ...rest } = c.req.valid('query');
      const page = service.list({ ...rest, kinds: kind, statuses: status }, asOf);
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
    .post('/', jsonBody(violationCreateSchema), (c) => {
      const { feature, created } = service.create(c.req.valid('json'), c.get('user'));
      c.header('Location', `/api/violations/${feature.id}`);
      return c.json(feature, created ? 201 : 200, GEOJSON);
    })
    .get('/:id', pathParams(idParam), (c) => {
      return c.json(service.get(c.req.valid('param').id), 200, GEOJSON);
    })
    .patch('/:id', pathParams(idParam), jsonBody(violationUpdateSchema), (c) => {
      const updated = service.update(c.req.valid('param').id, c.req.valid('json'), c.get('user'));
      return c.json(updated, 200, GEOJSON);
    })
    .post('/:id/steps', pathParams(idParam), jsonBody(violationStepSchema), (c) => {
      const moved = service.step(c.req.valid('param').id, c.req.valid('json'), c.get('user'));
      return c.json(moved, 200, GEOJSON);
    })
    .get('/:id/history', pathParams(idParam), (c) => {
      return c.json({ versions: service.history(c.req.valid('param').id) }, 200);
    });
}
