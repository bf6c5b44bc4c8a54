/** /api/violations: reports of violations as GeoJSON, their enforcement steps and history. */
import { archiveSchema } from '../domain/engine/record-bodies.ts';
import { Hono, type TypedResponse } from 'hono';
import { z } from 'zod';
import {
  type ViolationFeature,
  violationKindSchema,
  violationCreateSchema,
  violationNoteSchema,
  violationStepSchema,
  violationUpdateSchema,
} from '../domain/violations/violation.ts';
import { violationQuerySchema } from '../domain/violations/violation-query.ts';
import { requirePermission } from '../http/auth.ts';
import { jsonBody, pathParams, queryParams } from '../http/validate.ts';
import { recordQuerySchema } from '../domain/as-of.ts';
import type { AppEnv } from '../http/env.ts';
import type { AuditService } from '../services/audit.ts';
import type { ViolationService } from '../services/violations.ts';
import {
  archiveHandlers,
  featurePage,
  GEOJSON,
  historyHandlers,
  idParam,
} from './record-handlers.ts';

/** Where a pin is about to be dropped, and of what kind. */
/** A number in the query string; an empty value is missing, not 0 (which is off Africa). */
const queryNumber = (min: number, max: number) =>
  z.string().trim().min(1).transform(Number).pipe(z.number().min(min).max(max));

const nearbyQuery = z.object({
  lon: queryNumber(-180, 180),
  lat: queryNumber(-90, 90),
  kind: violationKindSchema,
  /** Metres; the deployment's setting by default, at most 500. */
  radius: z.coerce.number().positive().max(500).optional(),
});

export function violationRoutes(
  service: ViolationService,
  audit: AuditService,
  nearbyRadiusM: number,
) {
  return (
    new Hono<AppEnv>()
      // Before /:id. For the inspector about to report: the same case may be there already.
      .get(
        '/nearby',
        requirePermission('violations:create'),
        queryParams(nearbyQuery),
        async (c) => {
          const { lon, lat, kind, radius } = c.req.valid('query');
          const radiusM = radius ?? nearbyRadiusM;
          const features = await service.nearby([lon, lat], kind, radiusM, c.get('user'));
          return c.json(
            { type: 'FeatureCollection' as const, radius_m: radiusM, features },
            200,
            GEOJSON,
          );
        },
      )
      .get('/', requirePermission('public:read'), queryParams(violationQuerySchema), async (c) => {
        const { asOf, kind, status, ...rest } = c.req.valid('query');
        const filter = { ...rest, kinds: kind, statuses: status };
        // The features come as JSON text already: the page is written around them.
        const page = await service.listText(filter, asOf, c.get('user'));
        const head = JSON.stringify({
          type: 'FeatureCollection',
          numberMatched: page.total,
          numberReturned: page.returned,
        });
        const body = Buffer.concat([
          Buffer.from(`${head.slice(0, -1)},"features":[`),
          page.text,
          Buffer.from(']}'),
        ]);
        // Typed as the page `c.json` would answer, for the web client's RPC types.
        return c.body(body, 200, GEOJSON) as unknown as TypedResponse<
          ReturnType<typeof featurePage<ViolationFeature>>,
          200,
          'json'
        >;
      })
      .post(
        '/',
        requirePermission('violations:create'),
        jsonBody(violationCreateSchema),
        async (c) => {
          // Answered once committed, in one transaction with the creates sent meanwhile.
          const { feature, created } = await service.submit(c.req.valid('json'), c.get('user'));
          c.header('Location', `/api/violations/${feature.id}`);
          return c.json(feature, created ? 201 : 200, GEOJSON);
        },
      )
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
      // Inspectors edit their own reports until verified: the service checks the record.
      .patch(
        '/:id',
        requirePermission('violations:edit', 'violations:edit-own'),
        pathParams(idParam),
        jsonBody(violationUpdateSchema),
        async (c) => {
          const patch = c.req.valid('json');
          return c.json(
            await service.update(c.req.valid('param').id, patch, c.get('user')),
            200,
            GEOJSON,
          );
        },
      )
      .post(
        '/:id/steps',
        requirePermission('violations:advance'),
        pathParams(idParam),
        jsonBody(violationStepSchema),
        async (c) => {
          const moved = await service.step(
            c.req.valid('param').id,
            c.req.valid('json'),
            c.get('user'),
          );
          return c.json(moved, 200, GEOJSON);
        },
      )
      .post(
        '/:id/notes',
        requirePermission('violations:note'),
        pathParams(idParam),
        jsonBody(violationNoteSchema),
        async (c) => {
          const { feature, added } = await service.note(
            c.req.valid('param').id,
            c.req.valid('json'),
            c.get('user'),
          );
          return c.json(feature, added ? 201 : 200, GEOJSON);
        },
      )
      .post('/:id/archive', ...archiveHandlers(service, archiveSchema, true))
      .post('/:id/restore', ...archiveHandlers(service, archiveSchema, false))
      .get('/:id/history', ...historyHandlers(service, audit))
  );
}
