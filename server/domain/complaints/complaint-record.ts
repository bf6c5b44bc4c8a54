/** A petition made, edited and moved a step, and read with its clocks as of a day. */
import { formatDateVi } from '../dates.ts';
import { checkMove } from '../engine/workflow.ts';
import { DomainError } from '../errors.ts';
import type { WardRef } from '../wards.ts';
import { complaintDeadlines, extensionsAllowed } from './complaint-deadlines.ts';
import { complaintWorkflow } from './complaint-statuses.ts';
import type {
  Complaint,
  ComplaintCreate,
  ComplaintFeature,
  ComplaintGeometry,
  ComplaintProps,
  ComplaintStep,
  ComplaintUpdate,
} from './complaint.ts';

export interface Placed {
  geometry: ComplaintGeometry | null;
  wards: WardRef[];
}

interface At {
  now: string;
  today: string;
}

function refuse(field: string, vi: string, en: string): DomainError {
  return new DomainError('VALIDATION_FAILED', { vi, en }, { field });
}

/** The checks that hold whatever is being written: dates in order, extensions within the law. */
function checkProps(p: ComplaintProps, today: string): void {
  if (p.received_on > today) {
    throw refuse(
      'properties.received_on',
      'Ngày nhận đơn không thể sau hôm nay.',
      'The day received cannot be after today.',
    );
  }
  if (p.received_via === 'forwarded' && !p.forwarded_from) {
    throw refuse(
      'properties.forwarded_from',
      'Đơn do cơ quan khác chuyển đến: hãy ghi tên cơ quan chuyển.',
      'A forwarded petition needs the name of the agency that forwarded it.',
    );
  }
  if (p.extensions > 0 && p.type !== 'denunciation') {
    throw refuse(
      'properties.extensions',
      'Chỉ đơn tố cáo mới được gia hạn giải quyết.',
      'Only a denunciation can have its period extended.',
    );
  }
  const allowed = extensionsAllowed(p);
  if (p.extensions > allowed) {
    throw refuse(
      'properties.extensions',
      `Tố cáo được gia hạn tối đa ${allowed} lần${p.complex ? '' : ' (hai lần nếu đặc biệt phức tạp)'}.`,
      `A denunciation may be extended at most ${allowed} time${allowed > 1 ? 's' : ''}${p.complex ? '' : ' (twice if particularly complex)'}.`,
    );
  }
  if (p.extensions > 0 && !p.step_dates.accepted) {
    throw refuse(
      'properties.extensions',
      'Chỉ gia hạn được khi đơn đã được thụ lý.',
      'A period can only be extended once the petition is accepted.',
    );
  }
}

export function newComplaint(
  input: ComplaintCreate,
  placed: Placed,
  at: At & { user: string | null },
): Complaint {
  const p = input.properties;
  const properties: ComplaintProps = {
    type: p.type,
    subject: p.subject,
    content: p.content ?? null,
    petitioner: p.petitioner
      ? {
          name: p.petitioner.name,
          address: p.petitioner.address ?? null,
          phone: p.petitioner.phone ?? null,
        }
      : null,
    received_via: p.received_via,
    forwarded_from: p.forwarded_from ?? null,
    received_on: p.received_on,
    handler_id: p.handler_id ?? null,
    second_time: p.second_time ?? false,
    complex: p.complex ?? false,
    remote: p.remote ?? false,
    extensions: p.extensions ?? 0,
    status: 'received',
    step_dates: { received: p.received_on },
    not_accepted_reason: null,
    forwarded_to: null,
    violation_ids: [...new Set(p.violation_ids ?? [])],
    project_ids: [...new Set(p.project_ids ?? [])],
    wards: placed.wards,
    ward_codes: placed.wards.map((w) => w.code),
    created_by: at.user,
    created_at: at.now,
    updated_at: at.now,
    archived_at: null,
    version: 1,
  };
  checkProps(properties, at.today);
  return {
    type: 'Feature',
    id: input.id ?? crypto.randomUUID(),
    geometry: placed.geometry,
    properties,
  };
}

/** A correction; answers the record itself when nothing changes (nothing is written then). */
export function editComplaint(
  current: Complaint,
  patch: ComplaintUpdate,
  placed: Placed | undefined,
  at: At,
): Complaint {
  const p = current.properties;
  const edits = patch.properties ?? {};
  const petitioner =
    edits.petitioner === undefined
      ? p.petitioner
      : edits.petitioner && {
          name: edits.petitioner.name,
          address: edits.petitioner.address ?? null,
          phone: edits.petitioner.phone ?? null,
        };
  const edited: ComplaintProps = {
    ...p,
    ...edits,
    petitioner,
    step_dates:
      edits.received_on !== undefined
        ? { ...p.step_dates, received: edits.received_on }
        : p.step_dates,
    violation_ids: edits.violation_ids ? [...new Set(edits.violation_ids)] : p.violation_ids,
    project_ids: edits.project_ids ? [...new Set(edits.project_ids)] : p.project_ids,
    wards: placed ? placed.wards : p.wards,
    ward_codes: placed ? placed.wards.map((w) => w.code) : p.ward_codes,
  };
  const geometry = placed ? placed.geometry : current.geometry;
  const same =
    JSON.stringify(geometry) === JSON.stringify(current.geometry) &&
    JSON.stringify(edited) === JSON.stringify(p);
  // A form saved unchanged or a retried edit: no new version, no audit row.
  if (same) return current;
  checkProps(edited, at.today);
  return {
    ...current,
    geometry,
    properties: { ...edited, updated_at: at.now, version: p.version + 1 },
  };
}

/** The next step, dated (today by default, never before the last step nor after today). */
export function moveComplaint(current: Complaint, step: ComplaintStep, at: At): Complaint {
  const p = current.properties;
  checkMove(complaintWorkflow, p.status, step.to, step);
  const date = step.date ?? at.today;
  const last = Object.values(p.step_dates).sort().at(-1) ?? p.received_on;
  if (date > at.today || date < last) {
    throw refuse(
      'date',
      `Ngày của bước phải từ ${formatDateVi(last)} đến hôm nay.`,
      `The step's date must be between ${last} and today.`,
    );
  }
  return {
    ...current,
    properties: {
      ...p,
      status: step.to,
      step_dates: { ...p.step_dates, [step.to]: date },
      not_accepted_reason:
        step.to === 'not_accepted' ? (step.reason ?? null) : p.not_accepted_reason,
      forwarded_to: step.to === 'forwarded' ? (step.agency ?? null) : p.forwarded_to,
      updated_at: at.now,
      version: p.version + 1,
    },
  };
}

/** The petition with its clocks judged on `today`. */
export function toComplaintFeature(c: Complaint, today: string): ComplaintFeature {
  const deadlines = complaintDeadlines(c.properties, today);
  const running = deadlines.filter((d) => d.status === 'pending' || d.status === 'overdue');
  return {
    ...c,
    properties: {
      ...c.properties,
      deadlines,
      next_deadline: running.map((d) => d.date).sort()[0] ?? null,
      overdue: deadlines.some((d) => d.overdue),
    },
  };
}
