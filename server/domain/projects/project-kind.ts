/** Clearance projects as a kind of record: what the stores keep of them and how lists narrow. */
import { projectFor } from '../access/project-visibility.ts';
import type { RecordKind } from '../engine/record-kind.ts';
import { openDeadline } from './clearance-deadlines.ts';
import type { ProjectFilter } from './project-filter.ts';
import { projectSearchText } from './project-search.ts';
import type { ClearanceProject } from './project.ts';

export const projectKind: RecordKind<ClearanceProject, ProjectFilter> = {
  layer: 'projects',
  noun: { vi: 'dự án', en: 'project' },
  columns: {
    stage: (r) => r.properties.stage,
    land_type: (r) => r.properties.land_type,
    blocked: (r) => r.properties.blocked,
    // The earliest legal deadline not yet kept: overdue on any day after it.
    open_deadline: (r) => openDeadline(r.properties),
  },
  order: 'created_at',
  searchText: projectSearchText,
  filters: {
    stages: { column: 'stage', op: 'in' },
    blocked: { column: 'blocked', op: 'eq' },
    createdFrom: { column: 'created_at', op: 'from' },
    createdTo: { column: 'created_at', op: 'to' },
    overdueOn: { column: 'open_deadline', op: 'missedBy' },
    onTimeOn: { column: 'open_deadline', op: 'keptOn' },
  },
  redact: (project, reader) => projectFor(project, reader.permissions),
  // A past state holds texts later edited to take out what is not public.
  pastForStaff: true,
};
