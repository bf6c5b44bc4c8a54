/**
 * Petitions in the monthly summary: at each month's end, how many the office held by type and by
 * status, how many were overdue, and how many came in during the month, beside the month before.
 */
import type { Localized } from '../i18n.ts';
import type { ComparisonRow, ReportSection } from '../monthly-report.ts';
import { toComplaintFeature } from './complaint-record.ts';
import { COMPLAINT_STATUSES, complaintStatusCatalog } from './complaint-statuses.ts';
import { COMPLAINT_TYPES, complaintTypeLabels } from './complaint-types.ts';
import type { Complaint } from './complaint.ts';

/** The petitions on record at a month's last day (archived ones left out), judged on that day. */
export interface ComplaintMonth {
  day: string;
  complaints: readonly Complaint[];
}

function counts({ day, complaints }: ComplaintMonth): Map<string, number> {
  const n = new Map<string, number>();
  const add = (key: string) => n.set(key, (n.get(key) ?? 0) + 1);
  for (const c of complaints) {
    const p = c.properties;
    add('total');
    add(`type:${p.type}`);
    add(`status:${p.status}`);
    if (p.received_on.slice(0, 7) === day.slice(0, 7)) add('received');
    if (toComplaintFeature(c, day).properties.overdue) add('overdue');
  }
  return n;
}

export function complaintSection(now: ComplaintMonth, before: ComplaintMonth): ReportSection {
  const [a, b] = [counts(now), counts(before)];
  const row = (key: string, label: Localized): ComparisonRow => ({
    key,
    label,
    current: a.get(key) ?? 0,
    previous: b.get(key) ?? 0,
  });
  return {
    name: 'complaints',
    title: { vi: 'Giải quyết đơn thư', en: 'Complaints and petitions' },
    rows: [
      row('total', { vi: 'Số đơn thư', en: 'Petitions' }),
      row('received', { vi: 'Tiếp nhận trong tháng', en: 'Received in the month' }),
      row('overdue', { vi: 'Quá hạn', en: 'Overdue' }),
      ...COMPLAINT_TYPES.map((t) => row(`type:${t}`, complaintTypeLabels[t])),
      ...COMPLAINT_STATUSES.map((s) => row(`status:${s}`, complaintStatusCatalog[s].label)),
    ],
    chart: COMPLAINT_TYPES.map((t) => `type:${t}`),
  };
}
