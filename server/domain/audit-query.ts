/** The query string of the audit log: which changes, by whom, when. */
import { z } from 'zod';
import { KIND_LAYERS } from './engine/record-kind.ts';
import { MAX_PAGE } from './violations/violation-query.ts';
import { calendarDateSchema } from './violations/violation.ts';

export const AUDIT_LAYERS = [
  'violations',
  ...KIND_LAYERS,
  'users',
  'tokens',
  'indicators',
] as const;

export const auditQuerySchema = z.object({
  layer: z.enum(AUDIT_LAYERS).optional(),
  record: z.string().max(100).optional(),
  user: z.string().max(100).optional(),
  /** An action (`update`) or the family of one (`step` for every step). */
  action: z
    .string()
    .regex(/^[a-z_:-]{1,40}$/, 'e.g. create, update, step, step:verified, archive')
    .optional(),
  /** Local dates, both days included. */
  from: calendarDateSchema.optional(),
  to: calendarDateSchema.optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000_000).default(0),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;
