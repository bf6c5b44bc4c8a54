/** The query string of a projects list: the same words for the API, the web app and the URL. */
import { z } from 'zod';
import { commaList, flagParam, wardParam } from '../query-params.ts';
import { projectStageSchema } from './project.ts';
import { calendarDateSchema } from '../violations/violation.ts';
import { bboxSchema, MAX_PAGE } from '../violations/violation-query.ts';

const flag = flagParam.optional();

export const projectQuerySchema = z.object({
  bbox: bboxSchema.optional(),
  stage: commaList(projectStageSchema).optional(),
  ward: wardParam.optional(),
  blocked: flag,
  overdue: flag,
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000_000).default(0),
  asOf: calendarDateSchema.optional(),
  /** Staff only: archived projects too (`include`) or only them (`only`). */
  archived: z.enum(['only', 'include']).optional(),
});
export type ProjectQuery = z.infer<typeof projectQuerySchema>;
