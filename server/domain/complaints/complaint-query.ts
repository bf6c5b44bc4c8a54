/** The query string of a petitions list: the same words for the API, the web app and the URL. */
import { z } from 'zod';
import { commaList, flagParam, wardParam } from '../query-params.ts';
import { calendarDateSchema } from '../violations/violation.ts';
import { bboxSchema, MAX_PAGE } from '../violations/violation-query.ts';
import { complaintStatusSchema, complaintTypeSchema } from './complaint.ts';

export const complaintQuerySchema = z.object({
  bbox: bboxSchema.optional(),
  type: commaList(complaintTypeSchema).optional(),
  status: commaList(complaintStatusSchema).optional(),
  ward: wardParam.optional(),
  violation: z.string().max(100).optional(),
  project: z.string().max(100).optional(),
  from: calendarDateSchema.optional(),
  to: calendarDateSchema.optional(),
  overdue: flagParam.optional(),
  /** `deadline`: the nearest running clock first; by default the newest received first. */
  sort: z.enum(['deadline']).optional(),
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000_000).default(0),
  asOf: calendarDateSchema.optional(),
  /** Staff only: archived petitions too (`include`) or only them (`only`). */
  archived: z.enum(['only', 'include']).optional(),
});
export type ComplaintQuery = z.infer<typeof complaintQuerySchema>;
