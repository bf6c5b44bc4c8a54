/** The query string of a gaps list: the same words for the API, the web app and the URL. */
import { z } from 'zod';
import { commaList, wardParam } from '../query-params.ts';
import { GAP_STATUSES } from './gap-statuses.ts';
import { standardCodeSchema, ruleSetIdSchema } from '../criteria/rule-set.ts';
import { scopeSchema } from '../criteria/scope.ts';
import { bboxSchema, MAX_PAGE } from '../violations/violation-query.ts';
import { calendarDateSchema } from '../violations/violation.ts';

export const gapQuerySchema = z.object({
  bbox: bboxSchema.optional(),
  rule_set: ruleSetIdSchema.optional(),
  standard: commaList(standardCodeSchema).optional(),
  status: commaList(z.string().max(100).pipe(z.enum(GAP_STATUSES))).optional(),
  /** The gaps lying in this ward (period-keyed code). */
  ward: wardParam.optional(),
  scope: scopeSchema.optional(),
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000_000).default(0),
  asOf: calendarDateSchema.optional(),
  /** Staff only: archived gaps too (`include`) or only them (`only`). */
  archived: z.enum(['only', 'include']).optional(),
});
export type GapQuery = z.infer<typeof gapQuerySchema>;
