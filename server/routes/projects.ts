/** /api/projects: land-clearance projects as GeoJSON, their stages and history. */
import {
  projectCreateSchema,
  projectStageMoveSchema,
  projectUpdateSchema,
} from '../domain/projects/project.ts';
import { projectQuerySchema } from '../domain/projects/project-query.ts';
import type { AuditService } from '../services/audit.ts';
import type { ProjectService } from '../services/projects.ts';
import { recordRoutes } from './record-routes.ts';

export function projectRoutes(service: ProjectService, audit: AuditService) {
  return recordRoutes(
    {
      base: '/api/projects',
      write: 'projects:write',
      query: projectQuerySchema,
      filterOf: ({ asOf, stage, ...rest }) => ({ filter: { ...rest, stages: stage }, asOf }),
      create: projectCreateSchema,
      update: projectUpdateSchema,
      step: { path: 'stage', body: projectStageMoveSchema },
    },
    service,
    audit,
  );
}
