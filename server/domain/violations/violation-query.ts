/** The query string of a violations list: the same words for the API, the web app and the URL. */
import { z } from 'zod';
import { MAX_PAGE } from '../paging.ts';
import { calendarDateSchema, violationKindSchema, violationStatusSchema } from './violation.ts';

export { MAX_PAGE };

/** A list given as "a,b", as a repeated parameter (kind=a&kind=b), or both. */
const commaList = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((v) =>
      (Array.isArray(v) ? v : [v])
        .flatMap((s) => s.split(','))
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item));

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
  ward: z
    .string()
    .regex(/^\d{4}-\d{5}$/, 'period-code, e.g. 2025-01843')
    .optional(),
  from: calendarDateSchema.optional(),
  to: calendarDateSchema.optional(),
  q: z.string().max(200).optional(),
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000_000).default(0),
  asOf: calendarDateSchema.optional(),
  /** Staff only: archived records too (`include`) or only them (`only`). */
  archived: z.enum(['only', 'include']).optional(),
});
export type ViolationQuery = z.infer<typeof violationQuerySchema>;
