/** The query string of a violations list: the same words for the API, the web app and the URL. */
import { z } from 'zod';
import { commaList, flagParam, wardParam } from '../query-params.ts';
import { MAX_PAGE } from '../paging.ts';
import { calendarDateSchema, violationKindSchema, violationStatusSchema } from './violation.ts';

export { MAX_PAGE };

/** "minLon,minLat,maxLon,maxLat" in WGS84. */
export const bboxSchema = z
  .string()
  .transform((s) => s.split(',').map((x) => (x.trim() === '' ? Number.NaN : Number(x))))
  .pipe(
    z
      .tuple([
        z.number().min(-180).max(180),
        z.number().min(-90).max(90),
        z.number().min(-180).max(180),
        z.number().min(-90).max(90),
      ])
      .refine(([minX, minY, maxX, maxY]) => minX <= maxX && minY <= maxY, {
        message: 'bbox = minLon,minLat,maxLon,maxLat (min ≤ max)',
      }),
  );

export const violationQuerySchema = z.object({
  bbox: bboxSchema.optional(),
  kind: commaList(violationKindSchema).optional(),
  status: commaList(violationStatusSchema).optional(),
  ward: wardParam.optional(),
  from: calendarDateSchema.optional(),
  to: calendarDateSchema.optional(),
  q: z.string().max(200).optional(),
  overdue: flagParam.optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000_000).default(0),
  asOf: calendarDateSchema.optional(),
  /** Staff only: archived records too (`include`) or only them (`only`). */
  archived: z.enum(['only', 'include']).optional(),
});
export type ViolationQuery = z.infer<typeof violationQuerySchema>;
