/**
 * The violation record and the schemas of what clients send. The same schemas validate at the
 * server's edge and in the web app's forms, and give both their TypeScript types.
 */
import { z } from 'zod';
import { versionSeen } from '../engine/record-bodies.ts';
import { textField } from '../text-field.ts';
import type { Feature } from 'geojson';
import { VIOLATION_KINDS, type ViolationKind } from './violation-kinds.ts';
import { VIOLATION_STATUSES, type ViolationStatus } from './violation-statuses.ts';
import { isCalendarDate, localDate } from '../dates.ts';
import { DomainError } from '../errors.ts';
import { checkRecordDate } from '../record-dates.ts';
import type { RecordGeometry } from '../geometry.ts';
import type { ViolationPhoto } from './photo.ts';
import type { WardRef } from '../wards.ts';

/**
 * A string first: the unknown-kind message quotes what was sent, and a kind sent as thousands of
 * nested arrays must be refused as the wrong type, not quoted (JSON.stringify overflows the stack).
 */
export const violationKindSchema = z.string().max(100).pipe(z.enum(VIOLATION_KINDS));
export const violationStatusSchema = z.enum(VIOLATION_STATUSES);
export const calendarDateSchema = z.string().refine(isCalendarDate, { message: 'YYYY-MM-DD' });

/** Who committed the violation: personal data, shown only to roles that need it. */
export const violatorSchema = z.strictObject({
  name: textField(200).min(1),
  /** Số CCCD or business registration number. */
  id_number: textField(30).optional(),
  address: textField(300).optional(),
});
export type Violator = z.infer<typeof violatorSchema>;

/** Why a change was made, kept in the audit trail. */
const reasonSchema = textField(500).optional();

/** A new report: a GeoJSON Feature, optionally with the client's UUID for safe retries. */
export const violationCreateSchema = z.object({
  type: z.literal('Feature'),
  id: z.uuid().optional(),
  /** Checked in depth by checkGeometry, which says exactly what is wrong. */
  geometry: z.looseObject({ type: z.string() }),
  properties: z.strictObject({
    kind: violationKindSchema,
    description: textField(2000).min(1),
    address: textField(300).optional(),
    /** When the inspector saw it; a capture saved offline syncs later. */
    observed_at: z.iso.datetime({ offset: true }).optional(),
    violator: violatorSchema.optional(),
  }),
});
export type ViolationCreate = z.infer<typeof violationCreateSchema>;

/** An edit: any of geometry, kind, description, address; `version` guards lost updates. */
export const violationUpdateSchema = z.object({
  type: z.literal('Feature').optional(),
  version: versionSeen,
  geometry: z.looseObject({ type: z.string() }).optional(),
  properties: z
    .strictObject({
      kind: violationKindSchema,
      description: textField(2000).min(1),
      address: textField(300).nullable(),
      violator: violatorSchema.nullable(),
    })
    .partial()
    .optional(),
  reason: reasonSchema,
});
export type ViolationUpdate = z.infer<typeof violationUpdateSchema>;

/** One enforcement step; which fields are required depends on the target status. */
export const violationStepSchema = z.strictObject({
  to: violationStatusSchema,
  version: versionSeen,
  date: calendarDateSchema.optional(),
  actor: textField(200).optional(),
  note: textField(2000).optional(),
  /** Số biên bản, for `recorded`. */
  record_number: textField(100).min(1).optional(),
  /** The violator explained in writing, or the case is complex: the decision gets a month. */
  complex: z.boolean().optional(),
  /** Số quyết định xử phạt, for `decided`. */
  decision_number: textField(100).min(1).optional(),
  /** The day the violator received the decision; compliance counts from it. */
  received_date: calendarDateSchema.optional(),
  /** The remedy deadline the decision states, when it states one. */
  remedy_deadline: calendarDateSchema.optional(),
});
export type ViolationStepInput = z.infer<typeof violationStepSchema>;

/** A note added to a case: an inspector back on site, a duplicate report folded into this one. */
export const violationNoteSchema = z.strictObject({
  /** The client's UUID for the note: a retry after a lost answer adds it once. */
  id: z.uuid().optional(),
  text: textField(2000).min(1),
});
export type ViolationNoteInput = z.infer<typeof violationNoteSchema>;

export interface ViolationNote {
  id: string;
  text: string;
  at: string;
  /** The user's id. */
  by: string | null;
}

export interface ViolationStep {
  status: ViolationStatus;
  /** The legal date of the step (YYYY-MM-DD, office time). */
  date: string;
  actor: string | null;
  note: string | null;
  details: Record<string, string | boolean>;
  /** The deadline this step sets for the next one, when the law sets one. */
  deadline: string | null;
  /** When the step was entered into the system. */
  entered_at: string;
}

export interface ViolationProps {
  kind: ViolationKind;
  status: ViolationStatus;
  description: string;
  address: string | null;
  ward: WardRef | null;
  observed_at: string;
  created_at: string;
  updated_at: string;
  version: number;
  /** The deadline of the current step, or null when no legal clock runs. */
  deadline: string | null;
  steps: ViolationStep[];
  /** The user who reported it (null for records from before accounts). */
  created_by: string | null;
  /** The report's text as first sent, kept once someone edits it. */
  original_description: string | null;
  violator: Violator | null;
  notes: ViolationNote[];
  photos: ViolationPhoto[];
  /** Set when the lead took the case off the map; it can be restored. */
  archived_at: string | null;
}

export type Violation = Feature<RecordGeometry, ViolationProps> & { id: string };

/** What the API sends: the record plus what is derived from the day it is read. */
export type ViolationFeature = Feature<RecordGeometry, ViolationProps & { overdue: boolean }> & {
  id: string;
};

/** A deadline is missed once its last day has passed. */
export function isOverdue(deadline: string | null, today: string): boolean {
  return deadline !== null && today > deadline;
}

export function toViolationFeature(v: Violation, today: string): ViolationFeature {
  return {
    ...v,
    properties: { ...v.properties, overdue: isOverdue(v.properties.deadline, today) },
  };
}

/** How far ahead of the server a phone's clock may run before its capture time is refused. */
export const CLOCK_SKEW_MS = 10 * 60 * 1000;

/**
 * A new report in its first step. `observed_at` is when the inspector saw it (a capture synced
 * later keeps its own time); a clock slightly ahead is taken as now, far ahead is refused, and
 * so is a time before records were kept (0001-01-01 is a default, not an observation).
 */
export function newViolation(
  input: ViolationCreate,
  placed: { geometry: RecordGeometry; ward: WardRef | null; now: string; user: string | null },
): Violation {
  const { now } = placed;
  let observedAt = input.properties.observed_at
    ? new Date(input.properties.observed_at).toISOString()
    : now;
  if (Date.parse(observedAt) > Date.parse(now) + CLOCK_SKEW_MS) {
    throw new DomainError(
      'VALIDATION_FAILED',
      {
        vi: 'Thời điểm phát hiện không thể ở tương lai. Kiểm tra đồng hồ của máy.',
        en: 'The time observed cannot be in the future. Check the device clock.',
      },
      { field: 'properties.observed_at' },
    );
  }
  checkRecordDate('properties.observed_at', localDate(new Date(observedAt)), {
    vi: 'Thời điểm phát hiện',
    en: 'The time observed',
  });
  if (observedAt > now) observedAt = now;
  return {
    type: 'Feature',
    id: input.id ?? crypto.randomUUID(),
    geometry: placed.geometry,
    properties: {
      kind: input.properties.kind,
      status: 'reported',
      description: input.properties.description,
      address: input.properties.address || null,
      ward: placed.ward,
      observed_at: observedAt,
      created_at: now,
      updated_at: now,
      version: 1,
      deadline: null,
      steps: [
        {
          status: 'reported',
          date: localDate(new Date(observedAt)),
          actor: null,
          note: null,
          details: {},
          deadline: null,
          entered_at: now,
        },
      ],
      created_by: placed.user,
      original_description: null,
      violator: input.properties.violator ?? null,
      notes: [],
      photos: [],
      archived_at: null,
    },
  };
}
