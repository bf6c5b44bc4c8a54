/** The query string of a petitions list: the same words for the API, the web app and the URL. */
import { z } from 'zod';
import { calendarDateSchema } from '../violations/violation.ts';
import { bboxSchema, MAX_PAGE } from '../violations/violation-query.ts';
import { complaintStatusSchema, complaintTypeSchema } from './complaint.ts';

/** "a,b", repeated (x=a&x=b), or both. */
const listOf = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((v) =>
      (Array.isArray(v) ? v : [v])
        .flatMap((s) => s.split(','))
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item))
    .optional();

export const complaintQuerySchema = z.object({
  bbox: bboxSchema.optional(),
  type: listOf(complaintTypeSchema),
  status: listOf(complaintStatusSchema),
  ward: z
    .string()
    .regex(/^\d{4}-\d{5}$/, 'period-code, e.g. 2025-01843')
    .optional(),
  violation: z.string().max(100).optional(),
  project: z.string().max(100).optional(),
  from: calendarDateSchema.optional(),
  to: calendarDateSchema.optional(),
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
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
