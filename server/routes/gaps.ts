/** /api/gaps: urban-criteria gaps as GeoJSON, their status moves and history. */
import { gapCreateSchema, gapStatusMoveSchema, gapUpdateSchema } from '../domain/gaps/gap.ts';
import { gapQuerySchema } from '../domain/gaps/gap-query.ts';
import type { AuditService } from '../services/audit.ts';
import type { GapService } from '../services/gaps.ts';
import { recordRoutes } from './record-routes.ts';

export function gapRoutes(service: GapService, audit: AuditService) {
  return recordRoutes(
    {
      base: '/api/gaps',
      write: 'gaps:write',
      query: gapQuerySchema,
      filterOf: ({ asOf, rule_set, standard, status, ...rest }) => ({
        filter: { ...rest, ruleSet: rule_set, standards: standard, statuses: status },
        asOf,
      }),
      create: gapCreateSchema,
      update: gapUpdateSchema,
      step: { path: 'status', body: gapStatusMoveSchema },
    },
    service,
    audit,
  );
}
