/** /api/criteria: rule sets, indicator values and the urban-classification scorecard. */
import { Hono } from 'hono';
import { z } from 'zod';
import { gapStatusCatalog } from '../domain/gaps/gap-statuses.ts';
import { indicatorInputSchema, indicatorSourceCatalog } from '../domain/criteria/indicator.ts';
import { scopeSchema } from '../domain/criteria/scope.ts';
import { localeFromHeader } from '../domain/i18n.ts';
import { calendarDateSchema } from '../domain/violations/violation.ts';
import { requirePermission } from '../http/auth.ts';
import { jsonBody, pathParams, queryParams } from '../http/validate.ts';
import type { AppEnv } from '../http/env.ts';
import type { AuditService } from '../services/audit.ts';
import type { CriteriaService } from '../services/criteria.ts';

// Looked up as sent: an unknown rule set or standard is not found.
const ruleSetParam = z.object({ ruleSet: z.string().max(100) });
const standardParam = ruleSetParam.extend({ code: z.string().max(100) });
const scopeQuery = z.object({ scope: scopeSchema.default('urban') });
const readQuery = scopeQuery.extend({ asOf: calendarDateSchema.optional() });

export function criteriaRoutes(service: CriteriaService, audit: AuditService) {
  return new Hono<AppEnv>()
    .get('/', requirePermission('public:read'), (c) => {
      return c.json(
        {
          rule_sets: service.ruleSets(),
          indicator_sources: indicatorSourceCatalog,
          gap_statuses: gapStatusCatalog,
        },
        200,
      );
    })
    .get(
      '/:ruleSet/scorecard',
      requirePermission('public:read'),
      pathParams(ruleSetParam),
      queryParams(readQuery),
      async (c) => {
        const { scope, asOf } = c.req.valid('query');
        const locale = localeFromHeader(c.req.header('accept-language'));
        const { ruleSet } = c.req.valid('param');
        return c.json(await service.scorecard(ruleSet, scope, asOf, locale), 200);
      },
    )
    .get(
      '/:ruleSet/indicators',
      requirePermission('public:read'),
      pathParams(ruleSetParam),
      queryParams(readQuery),
      async (c) => {
        const { scope, asOf } = c.req.valid('query');
        const locale = localeFromHeader(c.req.header('accept-language'));
        const { ruleSet } = c.req.valid('param');
        return c.json(await service.indicators(ruleSet, scope, asOf, locale, c.get('user')), 200);
      },
    )
    .put(
      '/:ruleSet/indicators/:code',
      requirePermission('gaps:write'),
      pathParams(standardParam),
      queryParams(scopeQuery),
      jsonBody(indicatorInputSchema),
      async (c) => {
        const { ruleSet, code } = c.req.valid('param');
        const { scope } = c.req.valid('query');
        const put = await service.put(ruleSet, code, scope, c.req.valid('json'), c.get('user'));
        return c.json(put.value, put.created ? 201 : 200);
      },
    )
    .get(
      '/:ruleSet/indicators/:code/history',
      requirePermission('records:read'),
      pathParams(standardParam),
      queryParams(scopeQuery),
      async (c) => {
        const { ruleSet, code } = c.req.valid('param');
        const versions = await service.history(ruleSet, code, c.req.valid('query').scope);
        const users = await audit.names(versions.map((v) => v.user));
        return c.json({ versions, users }, 200);
      },
    );
}
