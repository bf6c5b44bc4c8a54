/**
 * /api/stats: violations counted by ward × kind × status. The current counts name no person and
 * are public; the counts as of a past date come from the history, which is for staff (as the
 * violations list as of a date is).
 */
import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { statisticsQuerySchema } from '../domain/violations/statistics-query.ts';
import { requirePermission } from '../http/auth.ts';
import type { AppEnv } from '../http/env.ts';
import { queryParams } from '../http/validate.ts';
import type { StatisticsService } from '../services/statistics.ts';

/** The past needs `records:read`; checked before the query, so an anonymous caller learns nothing. */
const staffForThePast = createMiddleware<AppEnv>((c, next) =>
  c.req.query('asOf') === undefined ? next() : requirePermission('records:read')(c, next),
);

export function statsRoutes(service: StatisticsService) {
  return new Hono<AppEnv>().get(
    '/',
    requirePermission('public:read'),
    staffForThePast,
    queryParams(statisticsQuerySchema),
    async (c) => {
      const { kind, status, ...rest } = c.req.valid('query');
      return c.json(await service.byWard({ ...rest, kinds: kind, statuses: status }), 200);
    },
  );
}
