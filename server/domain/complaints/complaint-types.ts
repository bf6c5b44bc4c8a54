/**
 * The three kinds of petition (đơn thư, DOMAIN.md §6), each under its own law, and the ways one
 * reaches the office.
 */
import type { Localized } from '../i18n.ts';

/** khiếu nại (Luật Khiếu nại 2011), tố cáo (Luật Tố cáo 2018), kiến nghị/phản ánh. */
export const COMPLAINT_TYPES = ['complaint', 'denunciation', 'petition'] as const;
export type ComplaintType = (typeof COMPLAINT_TYPES)[number];

export const complaintTypeLabels: Record<ComplaintType, Localized> = {
  complaint: { vi: 'Khiếu nại', en: 'Complaint' },
  denunciation: { vi: 'Tố cáo', en: 'Denunciation' },
  petition: { vi: 'Kiến nghị, phản ánh', en: 'Petition or report' },
};

export const CHANNELS = ['in_person', 'post', 'electronic', 'forwarded'] as const;
export type Channel = (typeof CHANNELS)[number];

export const channelLabels: Record<Channel, Localized> = {
  in_person: { vi: 'Trực tiếp', en: 'In person' },
  post: { vi: 'Qua bưu chính', en: 'By post' },
  electronic: { vi: 'Qua mạng điện tử', en: 'Electronically' },
  forwarded: { vi: 'Cơ quan khác chuyển đến', en: 'Forwarded by another agency' },
};
