/** What a text search of petitions looks in: never who sent them, which the public may not know. */
import { foldVietnamese } from '../text.ts';
import { complaintStatusCatalog } from './complaint-statuses.ts';
import { complaintTypeLabels } from './complaint-types.ts';
import type { Complaint } from './complaint.ts';

/** Subject, type and status in both languages, agencies, wards and the id, folded. */
export function complaintSearchText(c: Pick<Complaint, 'id' | 'properties'>): string {
  const p = c.properties;
  const type = complaintTypeLabels[p.type];
  const status = complaintStatusCatalog[p.status].label;
  return foldVietnamese(
    [
      p.subject,
      type.vi,
      type.en,
      status.vi,
      status.en,
      p.forwarded_from ?? '',
      p.forwarded_to ?? '',
      ...p.wards.map((w) => w.name),
      c.id,
    ].join(' '),
  );
}
