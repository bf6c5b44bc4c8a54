/** /api/complaints: petitions (đơn thư) as GeoJSON, their steps and history. */
import {
  complaintCreateSchema,
  complaintStepSchema,
  complaintUpdateSchema,
} from '../domain/complaints/complaint.ts';
import { complaintQuerySchema } from '../domain/complaints/complaint-query.ts';
import type { AuditService } from '../services/audit.ts';
import type { ComplaintService } from '../services/complaints.ts';
import { recordRoutes } from './record-routes.ts';

export function complaintRoutes(service: ComplaintService, audit: AuditService) {
  return recordRoutes(
    {
      base: '/api/complaints',
      write: 'complaints:write',
      query: complaintQuerySchema,
      filterOf: ({ asOf, type, status, from, to, ...rest }) => ({
        filter: { ...rest, types: type, statuses: status, receivedFrom: from, receivedTo: to },
        asOf,
      }),
      create: complaintCreateSchema,
      update: complaintUpdateSchema,
      step: { path: 'step', body: complaintStepSchema },
    },
    service,
    audit,
  );
}
