/** The query string of GET /api/stats: the violations list's own filters, minus paging and place. */
import type { z } from 'zod';
import { violationQuerySchema } from './violation-query.ts';

export const statisticsQuerySchema = violationQuerySchema.pick({
  kind: true,
  status: true,
  ward: true,
  from: true,
  to: true,
  q: true,
  asOf: true,
});
export type StatisticsQueryInput = z.input<typeof statisticsQuerySchema>;
