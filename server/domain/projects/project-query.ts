/** The query string of a projects list: the same words for the API, the web app and the URL. */
import { z } from 'zod';
import { projectStageSchema } from './project.ts';
import { calendarDateSchema } from '../violations/violation.ts';
import { bboxSchema, MAX_PAGE } from '../violations/violation-query.ts';

const flag = z
  .enum(['true', 'false'])
  .transform((v) => v === 'true')
  .optional();

export const projectQuerySchema = z.object({
  bbox: bboxSchema.optional(),
  /** "a,b", repeated (stage=a&stage=b), or both. */
  stage: z
    .union([z.string(), z.array(z.string())])
    .transform((v) =>
      (Array.isArray(v) ? v : [v])
        .flatMap((s) => s.split(','))
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(projectStageSchema))
    .optional(),
  ward: z
    .string()
    .regex(/^\d{4}-\d{5}$/, 'period-code, e.g. 2025-01843')
    .optional(),
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
