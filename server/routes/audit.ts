/** /api/audit: the office's log of every change, with filters, for the lead and admins. */
import { Hono } from 'hono';
import { auditQuerySchema } from '../domain/audit-query.ts';
import { requirePermission } from '../http/auth.ts';
import type { AppEnv } from '../http/env.ts';
import { queryParams } from '../http/validate.ts';
import type { AuditService } from '../services/audit.ts';

export function auditRoutes(audit: AuditService) {
  return new Hono<AppEnv>().get(
    '/',
    requirePermission('audit:read'),
    queryParams(auditQuerySchema),
    async (c) => {
      const page = await audit.list(c.req.valid('query'), c.get('user'));
      return c.json({
        total: page.total,
        entries: page.items,
        // Everyone who may appear, not only on this page: the log's user filter offers them all.
        users: await audit.everyone(),
      });
    },
  );
}
