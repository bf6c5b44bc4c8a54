/**
 * A petition (đơn thư, DOMAIN.md §6): a complaint, a denunciation or a petition received by the
 * office, usually about a place, linked to the violations and clearance projects it concerns.
 * Who sent it is private: only a complaints permission sees the petitioner, and a denouncer only
 * the one person handling the case. The same schemas validate at the server's edge and in the
 * web app's forms.
 */
import type { Point, Polygon } from 'geojson';
import { z } from 'zod';
import { versionSeen } from '../engine/record-bodies.ts';
import { textField } from '../text-field.ts';
import { calendarDateSchema } from '../violations/violation.ts';
import type { WardRef } from '../wards.ts';
import type { ComplaintDeadline } from './complaint-deadlines.ts';
import { COMPLAINT_STATUSES, type ComplaintStatus } from './complaint-statuses.ts';
import { CHANNELS, COMPLAINT_TYPES, type Channel, type ComplaintType } from './complaint-types.ts';

export type ComplaintGeometry = Point | Polygon;

/** A string first, so an unknown value is quoted in the message and a huge one is refused. */
const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.string().max(100).pipe(z.enum(values));
export const complaintTypeSchema = oneOf(COMPLAINT_TYPES);
export const channelSchema = oneOf(CHANNELS);
export const complaintStatusSchema = oneOf(COMPLAINT_STATUSES);

export const petitionerSchema = z.strictObject({
  name: textField(200).min(1),
  address: textField(300).nullable().optional(),
  phone: textField(30).nullable().optional(),
});
export type Petitioner = { name: string; address: string | null; phone: string | null };

/** Checked in depth by the place check, which says exactly what is wrong; null: no one place. */
const geometryInput = z.looseObject({ type: z.string() }).nullable();

const editable = {
  /** What it is about, in a line: public, so it never names the petitioner. */
  subject: textField(300).min(1),
  /** The petition's content as received: staff only. */
  content: textField(8000).nullable(),
  petitioner: petitionerSchema.nullable(),
  received_via: channelSchema,
  /** The agency that forwarded it, when it came that way. */
  forwarded_from: textField(300).nullable(),
  received_on: calendarDateSchema,
  /** The officer handling it: for a denunciation, the one person who may know who sent it. */
  handler_id: z.uuid().nullable(),
  /** A second complaint about the same decision (khiếu nại lần hai): its own periods. */
  second_time: z.boolean(),
  /** Complex (phức tạp): longer periods; for a denunciation, a second extension. */
  complex: z.boolean(),
  /** In a remote or difficult area (vùng sâu, vùng xa): longer periods for a complaint. */
  remote: z.boolean(),
  /** Extensions of a denunciation's period given so far. */
  extensions: z.number().int().min(0).max(2),
  violation_ids: z.array(z.uuid()).max(50),
  project_ids: z.array(z.uuid()).max(50),
};

/** A new petition: a GeoJSON Feature, optionally with the client's UUID for safe retries. */
export const complaintCreateSchema = z.object({
  type: z.literal('Feature'),
  id: z.uuid().optional(),
  geometry: geometryInput,
  properties: z.strictObject({
    type: complaintTypeSchema,
    ...editable,
    content: editable.content.optional(),
    petitioner: editable.petitioner.optional(),
    forwarded_from: editable.forwarded_from.optional(),
    handler_id: editable.handler_id.optional(),
    second_time: editable.second_time.optional(),
    complex: editable.complex.optional(),
    remote: editable.remote.optional(),
    extensions: editable.extensions.optional(),
    violation_ids: editable.violation_ids.optional(),
    project_ids: editable.project_ids.optional(),
  }),
});
export type ComplaintCreate = z.infer<typeof complaintCreateSchema>;

/** A correction of any field but the type and the status; `version` guards it. */
export const complaintUpdateSchema = z.object({
  type: z.literal('Feature').optional(),
  version: versionSeen,
  geometry: geometryInput.optional(),
  properties: z.strictObject(editable).partial().optional(),
  reason: textField(500).optional(),
});
export type ComplaintUpdate = z.infer<typeof complaintUpdateSchema>;

/** POST /api/complaints/{id}/step: the next step, the day it was taken (today by default). */
export const complaintStepSchema = z.strictObject({
  to: complaintStatusSchema,
  version: versionSeen,
  date: calendarDateSchema.optional(),
  note: textField(2000).optional(),
  /** Why it is not accepted (không thụ lý). */
  reason: textField(1000).min(1).optional(),
  /** The competent agency it is forwarded to. */
  agency: textField(300).min(1).optional(),
});
export type ComplaintStep = z.infer<typeof complaintStepSchema>;

export interface ComplaintProps {
  type: ComplaintType;
  subject: string;
  content: string | null;
  /** Null for a reader who may not know who sent it. */
  petitioner: Petitioner | null;
  received_via: Channel;
  forwarded_from: string | null;
  received_on: string;
  handler_id: string | null;
  second_time: boolean;
  complex: boolean;
  remote: boolean;
  extensions: number;
  status: ComplaintStatus;
  /** The day each step was taken, YYYY-MM-DD. */
  step_dates: Partial<Record<ComplaintStatus, string>>;
  not_accepted_reason: string | null;
  forwarded_to: string | null;
  violation_ids: string[];
  project_ids: string[];
  wards: WardRef[];
  ward_codes: string[];
  created_by: string | null;
  created_at: string;
  updated_at: string;
  archived_at: string | null;
  version: number;
}

/**
 * A GeoJSON Feature with an id of its own. Written out rather than as an intersection with
 * geojson's Feature (whose id is optional), so that the typed client reads the API's answers as
 * this very type.
 */
export interface Complaint {
  type: 'Feature';
  id: string;
  geometry: ComplaintGeometry | null;
  properties: ComplaintProps;
}

/** The clocks as of a day, added when a petition is read. */
export interface ComplaintDerived {
  deadlines: ComplaintDeadline[];
  next_deadline: string | null;
  overdue: boolean;
}

export interface ComplaintFeature extends Omit<Complaint, 'properties'> {
  properties: ComplaintProps & ComplaintDerived;
}
