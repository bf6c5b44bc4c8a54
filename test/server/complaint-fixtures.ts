/** Petitions for tests: a body for the API, and a record as the stores keep it. */
import type { Position } from 'geojson';
import type { Complaint, ComplaintProps } from '../../server/domain/complaints/complaint.ts';
import { insideWard, START } from './helpers.ts';

/** A point in phường Đức Xuân. */
export const DUC_XUAN_POINT: Position = insideWard('2025-01840');

/** The body of a new petition; `extra` overrides properties. */
export function complaintBody(
  extra: Record<string, unknown> = {},
  id?: string,
  geometry: object | null = { type: 'Point', coordinates: DUC_XUAN_POINT },
) {
  return {
    type: 'Feature',
    ...(id && { id }),
    geometry,
    properties: {
      type: 'complaint',
      subject: 'Khiếu nại quyết định cưỡng chế tháo dỡ mái che lấn chiếm vỉa hè',
      content: 'Gia đình tôi không đồng ý với quyết định số 12/QĐ-UBND…',
      petitioner: { name: 'Nguyễn Văn An', address: 'Tổ 5, phường Đức Xuân', phone: '0912345678' },
      received_via: 'in_person',
      received_on: START.slice(0, 10),
      ...extra,
    },
  };
}

/** A petition as the stores keep it, received on START's day, with `props` over it. */
export function makeComplaint(
  props: Partial<ComplaintProps> = {},
  geometry: Complaint['geometry'] = { type: 'Point', coordinates: DUC_XUAN_POINT },
): Complaint {
  return {
    type: 'Feature',
    id: crypto.randomUUID(),
    geometry,
    properties: {
      type: 'complaint',
      subject: 'Phản ánh san ủi trái phép sau chợ',
      content: 'Nội dung đơn',
      petitioner: { name: 'Trần Thị Bình', address: null, phone: null },
      received_via: 'post',
      forwarded_from: null,
      received_on: '2026-03-10',
      handler_id: null,
      second_time: false,
      complex: false,
      remote: false,
      extensions: 0,
      status: 'received',
      step_dates: { received: '2026-03-10' },
      not_accepted_reason: null,
      forwarded_to: null,
      violation_ids: [],
      project_ids: [],
      wards: geometry ? [{ code: '2025-01840', name: 'Phường Đức Xuân' }] : [],
      ward_codes: geometry ? ['2025-01840'] : [],
      created_by: 'clerk-1',
      created_at: START,
      updated_at: START,
      archived_at: null,
      version: 1,
      ...props,
    },
  };
}
