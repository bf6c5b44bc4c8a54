/**
 * Open311 GeoReport v2 words for our records: each violation kind is a service, each case a
 * service request, open while the office still has work to do (status kind `open`), closed once
 * remedied, enforced, closed or dismissed. Only the public view ever goes out this way.
 */
import { pointOnFeature } from '@turf/turf';
import {
  VIOLATION_KINDS,
  violationKindCatalog,
  type ViolationKind,
} from '../domain/violations/violation-kinds.ts';
import {
  VIOLATION_STATUSES,
  violationStatusCatalog,
  type ViolationStatus,
} from '../domain/violations/violation-statuses.ts';
import { formatDateVi } from '../domain/dates.ts';
import type { ViolationFeature } from '../domain/violations/violation.ts';

export const AGENCY = 'Phòng Quản lý đô thị Bắc Kạn';
const GROUP = 'Trật tự đô thị';
const OFFSET_MS = 7 * 3600 * 1000;

export type RequestStatus = 'open' | 'closed';

export function requestStatus(status: ViolationStatus): RequestStatus {
  return violationStatusCatalog[status].kind === 'open' ? 'open' : 'closed';
}

/** The enforcement statuses an Open311 status stands for. */
export function statusesOf(status: RequestStatus): ViolationStatus[] {
  return VIOLATION_STATUSES.filter((s) => requestStatus(s) === status);
}

/** An instant in office time with its offset, as GeoReport's examples write it. */
export function officeTime(instant: string): string {
  return `${new Date(Date.parse(instant) + OFFSET_MS).toISOString().slice(0, 19)}+07:00`;
}

export function serviceOf(kind: ViolationKind) {
  const entry = violationKindCatalog[kind];
  return {
    service_code: kind,
    service_name: entry.label.vi,
    description: `${entry.label.vi} (${entry.label.en}). Căn cứ thường dùng: ${entry.legalBasis}`,
    metadata: false,
    type: 'realtime',
    keywords: [kind, entry.label.en].join(','),
    group: GROUP,
  };
}

export const SERVICES = VIOLATION_KINDS.map(serviceOf);

/** The step and its deadline in Vietnamese: what a citizen wants to know of a case. */
function statusNotes(v: ViolationFeature): string {
  const p = v.properties;
  const label = violationStatusCatalog[p.status].label.vi;
  if (!p.deadline || requestStatus(p.status) === 'closed') return label;
  return `${label}; hạn bước tiếp theo: ${formatDateVi(p.deadline)}${p.overdue ? ' (đã quá hạn)' : ''}`;
}

export function serviceRequest(v: ViolationFeature) {
  const p = v.properties;
  const [long, lat] =
    v.geometry.type === 'Point'
      ? v.geometry.coordinates
      : pointOnFeature(v.geometry).geometry.coordinates;
  return {
    service_request_id: v.id,
    status: requestStatus(p.status),
    status_notes: statusNotes(v),
    service_name: violationKindCatalog[p.kind].label.vi,
    service_code: p.kind,
    description: p.description,
    agency_responsible: AGENCY,
    service_notice: null,
    // When the inspector saw it: a capture synced later keeps its own time.
    requested_datetime: officeTime(p.observed_at),
    updated_datetime: officeTime(p.updated_at),
    // A legal deadline runs to the end of its day, office time.
    expected_datetime: p.deadline ? `${p.deadline}T23:59:59+07:00` : null,
    address: p.address ?? p.ward?.name ?? null,
    address_id: null,
    zipcode: null,
    lat,
    long,
    media_url: null,
  };
}
