/** /api/reports: the monthly summary the office lead hands the city (`stats:read`). */
import { Hono } from 'hono';
import { z } from 'zod';
import { requirePermission } from '../http/auth.ts';
import type { AppEnv } from '../http/env.ts';
import { pathParams } from '../http/validate.ts';
import type { MonthlyReportService } from '../services/monthly-report.ts';

// The service reads the month and says what is wrong with it; the edge only bounds its length.
const monthParam = z.object({ month: z.string().max(20) });

export function reportRoutes(reports: MonthlyReportService) {
  return new Hono<AppEnv>()
    .use(requirePermission('stats:read'))
    .get('/monthly/:month', pathParams(monthParam), async (c) => {
      const report = await reports.report(c.req.valid('param').month);
      // An ended month never changes; the running one does.
      c.header('Cache-Control', report.final ? 'private, max-age=3600' : 'private, no-store');
      return c.json(report);
    });
}
