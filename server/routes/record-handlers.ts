/** What the record layers' routes (violations, projects, gaps) answer alike. */
import { createFactory } from 'hono/factory';
import { z, type ZodType } from 'zod';
import type { Principal } from '../domain/access/permissions.ts';
import { requirePermission } from '../http/auth.ts';
import type { AppEnv } from '../http/env.ts';
import { jsonBody, pathParams } from '../http/validate.ts';
import type { AuditService } from '../services/audit.ts';
import type { Page, VersionEntry } from '../store/store.ts';

// Any id is looked up: one that is not a UUID is simply not found.
export const idParam = z.object({ id: z.string().max(100) });

export const GEOJSON = { 'Content-Type': 'application/geo+json; charset=utf-8' };

/** A page of records as a FeatureCollection, counted the way OGC API – Features counts. */
export function featurePage<F>(page: Page<F>) {
  return {
    type: 'FeatureCollection' as const,
    numberMatched: page.total,
    numberReturned: page.items.length,
    features: page.items,
  };
}

/** GET /:id/history: a record's versions, with the names of the users who wrote them. */
export function historyHandlers<T>(
  service: { history(id: string, actor: Principal | null): Promise<VersionEntry<T>[]> },
  audit: AuditService,
) {
  return createFactory<AppEnv>().createHandlers(
    requirePermission('records:read'),
    pathParams(idParam),
    async (c) => {
      const versions = await service.history(c.req.valid('param').id, c.get('user'));
      const users = await audit.names(versions.map((v) => v.user));
      return c.json({ versions, users }, 200);
    },
  );
}

/** POST /:id/archive or /:id/restore: the same check, body and answer, one flag apart. */
export function archiveHandlers<S extends ZodType, F>(
  service: {
    setArchived(
      id: string,
      archive: boolean,
      input: z.infer<S>,
      actor: Principal | null,
    ): Promise<F>;
  },
  schema: S,
  archive: boolean,
) {
  return createFactory<AppEnv>().createHandlers(
    requirePermission('records:archive'),
    pathParams(idParam),
    jsonBody(schema),
    async (c) => {
      const { id } = c.req.valid('param');
      const changed = await service.setArchived(id, archive, c.req.valid('json'), c.get('user'));
      return c.json(changed, 200, GEOJSON);
    },
  );
}
