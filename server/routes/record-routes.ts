/**
 * /api/{kind} for a kind of record kept by the record engine, from what its routes declare:
 * the list's query and the filter it means, the bodies of a create, an edit, a workflow step and
 * an archive, and who may write. Each kind's route file is that declaration alone.
 */
import { Hono } from 'hono';
import type { z, ZodType } from 'zod';
import { recordQuerySchema } from '../domain/as-of.ts';
import { archiveSchema, type ArchiveInput } from '../domain/engine/record-bodies.ts';
import type { Permission, Principal } from '../domain/access/permissions.ts';
import { requirePermission } from '../http/auth.ts';
import type { AppEnv } from '../http/env.ts';
import { jsonBody, pathParams, queryParams } from '../http/validate.ts';
import type { AuditService } from '../services/audit.ts';
import type { Page, VersionEntry } from '../store/store.ts';
import {
  archiveHandlers,
  featurePage,
  GEOJSON,
  historyHandlers,
  idParam,
} from './record-handlers.ts';

/** What a kind's routes declare. */
export interface KindRoutes<
  Q extends ZodType,
  F,
  C extends ZodType,
  U extends ZodType,
  S extends ZodType,
  P extends string,
> {
  /** Its place under /api, for the Location of a new record: `/api/projects`. */
  base: string;
  /** Who may create, edit and move its records. */
  write: Permission;
  query: Q;
  /** The filter a list's query means, and the day it is seen as of. */
  filterOf(query: z.infer<Q>): { filter: F; asOf?: string };
  create: C;
  update: U;
  /** A workflow step: its path under the record (`stage`, `status`) and its body. */
  step: { path: P; body: S };
}

/** What the routes ask of a kind's service. */
export interface KindService<F, C, U, S, W, R> {
  list(filter: F, asOf: string | undefined, actor: Principal | null): Promise<Page<W>>;
  create(
    input: C,
    actor: Principal | null,
  ): Promise<{ feature: W & { id: string }; created: boolean }>;
  get(id: string, actor: Principal | null, asOf?: string): Promise<W>;
  update(id: string, patch: U, actor: Principal | null): Promise<W>;
  move(id: string, step: S, actor: Principal | null): Promise<W>;
  setArchived(
    id: string,
    archive: boolean,
    input: ArchiveInput,
    actor: Principal | null,
  ): Promise<W>;
  history(id: string, actor: Principal | null): Promise<VersionEntry<R>[]>;
}

export function recordRoutes<
  Q extends ZodType,
  F,
  C extends ZodType,
  U extends ZodType,
  S extends ZodType,
  P extends string,
  W,
  R,
>(
  routes: KindRoutes<Q, F, C, U, S, P>,
  service: KindService<F, z.infer<C>, z.infer<U>, z.infer<S>, W, R>,
  audit: AuditService,
) {
  const write = requirePermission(routes.write);
  return new Hono<AppEnv>()
    .get('/', requirePermission('public:read'), queryParams(routes.query), async (c) => {
      const { filter, asOf } = routes.filterOf(c.req.valid('query'));
      const page = await service.list(filter, asOf, c.get('user'));
      return c.json(featurePage(page), 200, GEOJSON);
    })
    .post('/', write, jsonBody(routes.create), async (c) => {
      const { feature, created } = await service.create(c.req.valid('json'), c.get('user'));
      c.header('Location', `${routes.base}/${feature.id}`);
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
    .patch('/:id', write, pathParams(idParam), jsonBody(routes.update), async (c) => {
      const { id } = c.req.valid('param');
      return c.json(await service.update(id, c.req.valid('json'), c.get('user')), 200, GEOJSON);
    })
    .post(
      `/:id/${routes.step.path}`,
      write,
      pathParams(idParam),
      jsonBody(routes.step.body),
      async (c) => {
        const { id } = c.req.valid('param');
        return c.json(await service.move(id, c.req.valid('json'), c.get('user')), 200, GEOJSON);
      },
    )
    .post('/:id/archive', ...archiveHandlers(service, archiveSchema, true))
    .post('/:id/restore', ...archiveHandlers(service, archiveSchema, false))
    .get('/:id/history', ...historyHandlers(service, audit));
}
