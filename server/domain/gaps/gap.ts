/**
 * A criteria gap (tiêu chí đô thị còn thiếu): a standard of a rule set that the urban area or a
 * ward falls short of, often at a place (a street without drainage, a ward short of green land).
 * The same schemas validate at the server's edge and in the web app's forms.
 */
import { z } from 'zod';
import { versionSeen } from '../engine/record-bodies.ts';
import { textField } from '../text-field.ts';
import type { LineString, MultiPolygon, Point, Polygon } from 'geojson';
import { GAP_STATUSES, type GapStatus } from './gap-statuses.ts';
import { indicatorValueSchema, type IndicatorLevel } from '../criteria/indicator.ts';
import { ruleSetIdSchema, standardCodeSchema } from '../criteria/rule-set.ts';
import { scopeSchema, type Scope } from '../criteria/scope.ts';
import type { WardRef } from '../wards.ts';

export type GapGeometry = Point | LineString | Polygon | MultiPolygon;
export const GAP_GEOMETRY_TYPES = ['Point', 'LineString', 'Polygon', 'MultiPolygon'] as const;

/** A string first, so an unknown status is quoted in the message and a huge value is refused. */
export const gapStatusSchema = z.string().max(100).pipe(z.enum(GAP_STATUSES));

/** Checked in depth by checkGapGeometry, which says exactly what is wrong; null: no one place. */
const geometryInput = z.looseObject({ type: z.string() }).nullable();

const editable = {
  title: textField(200).min(1),
  description: textField(4000),
  /** The level now and the level aimed at, in the standard's unit or as a level id. */
  current_value: indicatorValueSchema.nullable(),
  target_value: indicatorValueSchema.nullable(),
  unit: textField(50).nullable(),
  /** Where the current value comes from: a yearbook and its year, a survey, a measurement. */
  source_note: textField(1000).nullable(),
  project_id: z.uuid().nullable(),
};

/** A new gap: a GeoJSON Feature, optionally with the client's UUID for safe retries. */
export const gapCreateSchema = z.object({
  type: z.literal('Feature'),
  id: z.uuid().optional(),
  geometry: geometryInput,
  properties: z.strictObject({
    rule_set: ruleSetIdSchema,
    standard: standardCodeSchema,
    scope: scopeSchema,
    title: editable.title,
    description: editable.description.optional(),
    current_value: editable.current_value.optional(),
    target_value: editable.target_value.optional(),
    unit: editable.unit.optional(),
    source_note: editable.source_note.optional(),
    project_id: editable.project_id.optional(),
  }),
});
export type GapCreate = z.infer<typeof gapCreateSchema>;

/** An edit; a planner may also correct the standard, the scope or the status here. */
export const gapUpdateSchema = z.object({
  type: z.literal('Feature').optional(),
  version: versionSeen,
  geometry: geometryInput.optional(),
  properties: z
    .strictObject({
      ...editable,
      standard: standardCodeSchema,
      scope: scopeSchema,
      status: gapStatusSchema,
    })
    .partial()
    .optional(),
  reason: textField(500).optional(),
});
export type GapUpdate = z.infer<typeof gapUpdateSchema>;

/** POST /api/gaps/{id}/status: a forward move. */
export const gapStatusMoveSchema = z.strictObject({
  to: gapStatusSchema,
  version: versionSeen,
  note: textField(2000).optional(),
});
export type GapStatusMove = z.infer<typeof gapStatusMoveSchema>;

export interface GapProps {
  rule_set: string;
  standard: string;
  scope: Scope;
  title: string;
  description: string;
  current_value: IndicatorLevel | null;
  target_value: IndicatorLevel | null;
  unit: string | null;
  source_note: string | null;
  status: GapStatus;
  project_id: string | null;
  /** The wards the gap lies in: from its geometry, or from its scope when it has none. */
  wards: WardRef[];
  /** Their codes, for filters and exports. */
  ward_codes: string[];
  created_by: string | null;
  created_at: string;
  updated_at: string;
  version: number;
  archived_at: string | null;
}

/**
 * Named as STYLE.md names the domain. A GeoJSON Feature with an id of its own, written out rather
 * than as an intersection with geojson's Feature (whose id is optional), so the typed client reads
 * the API's answers as it.
 */
export interface CriteriaGap {
  type: 'Feature';
  id: string;
  geometry: GapGeometry | null;
  properties: GapProps;
}
export type Gap = CriteriaGap;

/** A new gap in its first status. */
export function newGap(
  input: GapCreate,
  placed: { geometry: GapGeometry | null; wards: WardRef[]; now: string; user: string | null },
): Gap {
  const p = input.properties;
  return {
    type: 'Feature',
    id: input.id ?? crypto.randomUUID(),
    geometry: placed.geometry,
    properties: {
      rule_set: p.rule_set,
      standard: p.standard,
      scope: p.scope,
      title: p.title,
      description: p.description ?? '',
      current_value: p.current_value ?? null,
      target_value: p.target_value ?? null,
      unit: p.unit || null,
      source_note: p.source_note || null,
      status: 'open',
      project_id: p.project_id ?? null,
      wards: placed.wards,
      ward_codes: placed.wards.map((w) => w.code),
      created_by: placed.user,
      created_at: placed.now,
      updated_at: placed.now,
      version: 1,
      archived_at: null,
    },
  };
}

/** What the public sees: the same shape, without who entered it. */
export function publicGap(g: Gap): Gap {
  return g.properties.created_by === null
    ? g
    : { ...g, properties: { ...g.properties, created_by: null } };
}
