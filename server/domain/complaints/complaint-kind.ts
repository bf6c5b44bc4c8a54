/** Petitions (đơn thư) as a kind of record: what the stores keep of them and how lists narrow. */
import type { RecordKind } from '../engine/record-kind.ts';
import { openComplaintDeadline } from './complaint-deadlines.ts';
import type { ComplaintFilter } from './complaint-filter.ts';
import { complaintSearchText } from './complaint-search.ts';
import { complaintFor } from './complaint-visibility.ts';
import type { Complaint } from './complaint.ts';

export const complaintKind: RecordKind<Complaint, ComplaintFilter> = {
  layer: 'complaints',
  noun: { vi: 'đơn thư', en: 'petition' },
  columns: {
    type: (r) => r.properties.type,
    status: (r) => r.properties.status,
    received_on: (r) => r.properties.received_on,
    // The earliest clock still running: overdue on any day after it; the deadline order.
    open_deadline: (r) => openComplaintDeadline(r.properties),
    violation_ids: (r) => r.properties.violation_ids,
    project_ids: (r) => r.properties.project_ids,
  },
  order: 'created_at',
  deadline: 'open_deadline',
  searchText: complaintSearchText,
  filters: {
    types: { column: 'type', op: 'in' },
    statuses: { column: 'status', op: 'in' },
    violation: { column: 'violation_ids', op: 'has' },
    project: { column: 'project_ids', op: 'has' },
    receivedFrom: { column: 'received_on', op: 'from' },
    receivedTo: { column: 'received_on', op: 'to' },
    overdueOn: { column: 'open_deadline', op: 'missedBy' },
    onTimeOn: { column: 'open_deadline', op: 'keptOn' },
  },
  redact: complaintFor,
  // A past state may hold what was later taken out (a petitioner's name typed in the subject).
  pastForStaff: true,
};
