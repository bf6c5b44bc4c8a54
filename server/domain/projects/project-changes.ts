/** A new project and a planner's correction of one, checked whole before anything is written. */
import { checkObstacles, checkStageDates } from './project-checks.ts';
import { NO_HOUSEHOLDS } from './project-record.ts';
import type {
  ClearanceProject,
  ProjectCreate,
  ProjectGeometry,
  ProjectProps,
  ProjectUpdate,
} from './project.ts';

/** The boundary with what is derived from it. */
export interface PlacedBoundary {
  geometry: ProjectGeometry;
  area_ha: number;
  ward_codes: string[];
}

/** A new project at the stage it has reached; the current stage's date is today unless given. */
export function newProject(
  input: ProjectCreate,
  placed: PlacedBoundary,
  at: { now: string; today: string; user: string | null },
): ClearanceProject {
  const p = input.properties;
  const stage = p.stage ?? 'announced';
  const stage_dates = { ...p.stage_dates };
  stage_dates[stage] ??= at.today;
  checkStageDates(stage, stage_dates, at.today);
  const blocked = p.blocked ?? false;
  return {
    type: 'Feature',
    id: input.id ?? crypto.randomUUID(),
    geometry: placed.geometry,
    properties: {
      name: p.name,
      code: p.code ?? null,
      investor: p.investor ?? null,
      description: p.description || null,
      land_type: p.land_type,
      stage,
      stage_dates,
      households: p.households ?? NO_HOUSEHOLDS,
      blocked,
      obstacles: checkObstacles(blocked, p.obstacles ?? [], at.today),
      area_ha: placed.area_ha,
      ward_codes: placed.ward_codes,
      created_by: at.user,
      created_at: at.now,
      updated_at: at.now,
      version: 1,
      archived_at: null,
    },
  };
}

/**
 * The project after a correction; the record itself when nothing changes (a form saved as it was,
 * a retried edit), so no version is written.
 */
export function editProject(
  current: ClearanceProject,
  patch: ProjectUpdate,
  placed: PlacedBoundary | undefined,
  at: { now: string; today: string },
): ClearanceProject {
  const p = current.properties;
  const e = patch.properties ?? {};
  const pick = <K extends keyof ProjectProps>(key: K, value: ProjectProps[K] | undefined) =>
    value !== undefined ? value : p[key];
  const stage = pick('stage', e.stage);
  const stage_dates = pick('stage_dates', e.stage_dates);
  if (e.stage !== undefined || e.stage_dates !== undefined) {
    checkStageDates(stage, stage_dates, at.today);
  }
  const blocked = pick('blocked', e.blocked);
  // Obstacles sent again keep their ids; a project newly blocked must say why.
  const obstacles =
    e.obstacles !== undefined || e.blocked !== undefined
      ? checkObstacles(blocked, e.obstacles ?? p.obstacles, at.today)
      : p.obstacles;
  const properties: ProjectProps = {
    ...p,
    name: pick('name', e.name),
    code: pick('code', e.code),
    investor: pick('investor', e.investor),
    description: e.description !== undefined ? e.description || null : p.description,
    land_type: pick('land_type', e.land_type),
    stage,
    stage_dates,
    households: pick('households', e.households),
    blocked,
    obstacles,
    ...(placed ? { area_ha: placed.area_ha, ward_codes: placed.ward_codes } : {}),
  };
  const geometry = placed?.geometry ?? current.geometry;
  const same =
    JSON.stringify(geometry) === JSON.stringify(current.geometry) &&
    JSON.stringify(properties) === JSON.stringify(p);
  if (same) return current;
  return {
    ...current,
    geometry,
    properties: { ...properties, updated_at: at.now, version: p.version + 1 },
  };
}
