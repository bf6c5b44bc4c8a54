/**
 * The land-clearance project record (dự án giải phóng mặt bằng) and the schemas of what clients
 * send. The same schemas validate at the server's edge and in the web app's forms.
 */
import { z } from 'zod';
import { versionSeen } from '../engine/record-bodies.ts';
import { textField } from '../text-field.ts';
import type { MultiPolygon, Polygon } from 'geojson';
import { LAND_TYPES, PROJECT_STAGES, type LandType, type ProjectStage } from './project-stages.ts';
import type { ProjectDeadline } from './clearance-deadlines.ts';
import { calendarDateSchema } from '../violations/violation.ts';

/** A string first, so a huge nested value is refused as the wrong type rather than quoted. */
export const projectStageSchema = z.string().max(100).pipe(z.enum(PROJECT_STAGES));
export const landTypeSchema = z.string().max(100).pipe(z.enum(LAND_TYPES));

const count = z.number().int().min(0).max(1_000_000);

/** Households of the project; every count is part of the total. */
export const householdsSchema = z
  .strictObject({ total: count, counted: count, agreed: count, paid: count, handed_over: count })
  .superRefine((h, ctx) => {
    for (const key of ['counted', 'agreed', 'paid', 'handed_over'] as const) {
      if (h[key] > h.total) {
        ctx.addIssue({ code: 'custom', path: [key], message: `${key} ≤ total (${h.total})` });
      }
    }
  });
export type Households = z.infer<typeof householdsSchema>;

/** A date per stage reached (YYYY-MM-DD); checked against the stage order by checkStageDates. */
export const stageDatesSchema = z.partialRecord(z.enum(PROJECT_STAGES), calendarDateSchema);
export type StageDates = Partial<Record<ProjectStage, string>>;

/** Vướng mắc: what blocks the project, since when. */
export const obstacleSchema = z.strictObject({
  /** The client's UUID: kept across edits so the UI can follow one obstacle. */
  id: z.uuid().optional(),
  text: textField(1000).min(1),
  since: calendarDateSchema.optional(),
});
export type ObstacleInput = z.infer<typeof obstacleSchema>;

const geometrySchema = z.looseObject({ type: z.string() });

const editable = {
  name: textField(300).min(1),
  /** The project's own code, e.g. from the investment decision. */
  code: textField(100).min(1),
  investor: textField(300).min(1),
  description: textField(5000),
  land_type: landTypeSchema,
  households: householdsSchema,
  blocked: z.boolean(),
  obstacles: z.array(obstacleSchema).max(100),
};

/** A new project: a GeoJSON Feature, optionally with the client's UUID for safe retries. */
export const projectCreateSchema = z.object({
  type: z.literal('Feature'),
  id: z.uuid().optional(),
  /** Polygon or MultiPolygon, checked in depth by checkProjectGeometry. */
  geometry: geometrySchema,
  properties: z.strictObject({
    name: editable.name,
    code: editable.code.optional(),
    investor: editable.investor.optional(),
    description: editable.description.optional(),
    land_type: editable.land_type,
    /** A project entered late starts at the stage it has reached; `announced` by default. */
    stage: projectStageSchema.optional(),
    stage_dates: stageDatesSchema.optional(),
    households: editable.households.optional(),
    blocked: editable.blocked.optional(),
    obstacles: editable.obstacles.optional(),
  }),
});
export type ProjectCreate = z.infer<typeof projectCreateSchema>;

/** A planner's correction: any field, the stage and its dates included; `version` guards it. */
export const projectUpdateSchema = z.object({
  type: z.literal('Feature').optional(),
  version: versionSeen,
  geometry: geometrySchema.optional(),
  properties: z
    .strictObject({
      ...editable,
      code: editable.code.nullable(),
      investor: editable.investor.nullable(),
      description: editable.description.nullable(),
      stage: projectStageSchema,
      stage_dates: stageDatesSchema,
    })
    .partial()
    .optional(),
  reason: textField(500).optional(),
});
export type ProjectUpdate = z.infer<typeof projectUpdateSchema>;

/** One step forward: the next stage and the day it happened (today by default). */
export const projectStageMoveSchema = z.strictObject({
  to: projectStageSchema,
  version: versionSeen,
  date: calendarDateSchema.optional(),
  note: textField(2000).optional(),
});
export type ProjectStageMove = z.infer<typeof projectStageMoveSchema>;

export interface Obstacle {
  id: string;
  text: string;
  since: string;
}

export type ProjectGeometry = Polygon | MultiPolygon;

export interface ProjectProps {
  name: string;
  code: string | null;
  investor: string | null;
  description: string | null;
  land_type: LandType;
  stage: ProjectStage;
  /** The date each stage reached so far was reached. */
  stage_dates: StageDates;
  households: Households;
  blocked: boolean;
  obstacles: Obstacle[];
  /** Hectares from the geometry (Turf's area), 2 decimals; never taken from input. */
  area_ha: number;
  /** Period-keyed codes ("2025-01843") of the 2025 units the boundary intersects. */
  ward_codes: string[];
  created_by: string | null;
  created_at: string;
  updated_at: string;
  version: number;
  archived_at: string | null;
}

/**
 * A GeoJSON Feature with an id of its own, written out rather than as an intersection with
 * geojson's Feature (whose id is optional), so the typed client reads the API's answers as it.
 */
export interface ClearanceProject {
  type: 'Feature';
  id: string;
  geometry: ProjectGeometry;
  properties: ProjectProps;
}

/** What the API sends: the record plus its deadlines as judged on the day it is read. */
export interface ProjectDerived {
  deadlines: ProjectDeadline[];
  /** The earliest deadline still to be met (pending or overdue), or null. */
  next_deadline: ProjectDeadline | null;
  /** A deadline passed before the stage that meets it came. */
  overdue: boolean;
}

export interface ProjectFeature extends Omit<ClearanceProject, 'properties'> {
  properties: ProjectProps & ProjectDerived;
}
