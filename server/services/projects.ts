/**
 * Clearance-project use cases on the record engine: what is a project's own is here (the
 * boundary placed in the service area, with its area and wards; the stage moves; the overdue
 * filter judged on a day). Routes stay thin.
 */
import type { Principal } from '../domain/access/permissions.ts';
import type { Clock } from '../domain/clock.ts';
import {
  editProject,
  newProject,
  type PlacedBoundary,
} from '../domain/projects/project-changes.ts';
import type { ProjectFilter } from '../domain/projects/project-filter.ts';
import {
  areaHectares,
  checkProjectGeometry,
  wardCodesOf,
} from '../domain/projects/project-geometry.ts';
import { projectKind } from '../domain/projects/project-kind.ts';
import { moveStage, toProjectFeature } from '../domain/projects/project-record.ts';
import type {
  ClearanceProject,
  ProjectCreate,
  ProjectFeature,
  ProjectStageMove,
  ProjectUpdate,
} from '../domain/projects/project.ts';
import type { WardIndex } from '../domain/wards.ts';
import type { Page, Store, VersionEntry } from '../store/store.ts';
import { RecordEngine } from './record-engine.ts';

export interface ProjectServiceDeps {
  store: Store;
  wards: WardIndex;
  clock: Clock;
  /** Name of the service area in messages. */
  areaName: string;
}

export class ProjectService {
  readonly #engine: RecordEngine<ClearanceProject, ProjectFilter, ProjectFeature>;

  constructor(private readonly deps: ProjectServiceDeps) {
    this.#engine = new RecordEngine(projectKind, deps.store.projects, deps.clock, toProjectFeature);
  }

  #placed(input: unknown): PlacedBoundary {
    const geometry = checkProjectGeometry(input, this.deps.wards.serviceArea, this.deps.areaName);
    return {
      geometry,
      area_ha: areaHectares(geometry),
      ward_codes: wardCodesOf(geometry, this.deps.wards),
    };
  }

  /** Creates a project; the same client id sent again answers the first record, not a copy. */
  create(
    input: ProjectCreate,
    actor: Principal | null,
  ): Promise<{ feature: ProjectFeature; created: boolean }> {
    return this.#engine.create(input.id, actor, (at, user) =>
      newProject(input, this.#placed(input.geometry), { ...at, user }),
    );
  }

  /**
   * One project; an archived one only for staff. With `asOf`, as it stood at the end of that day
   * (staff only), its clocks judged on that day.
   */
  get(id: string, actor: Principal | null, asOf?: string): Promise<ProjectFeature> {
    return this.#engine.get(id, actor, asOf);
  }

  /** Projects matching a filter, now or as they stood at the end of the day `asOf`. */
  list(
    filter: Omit<ProjectFilter, 'overdueOn' | 'onTimeOn'> & { overdue?: boolean },
    asOf: string | undefined,
    actor: Principal | null,
  ): Promise<Page<ProjectFeature>> {
    // Overdue is judged on the day shown: the past's own day, as the office saw it then.
    const day = asOf ?? this.#engine.at().today;
    const { overdue, ...rest } = filter;
    const full: ProjectFilter = {
      ...rest,
      overdueOn: overdue === true ? day : undefined,
      onTimeOn: overdue === false ? day : undefined,
    };
    return this.#engine.list(full, asOf, actor);
  }

  /** A planner's correction of any field, the stage and its dates included. */
  update(id: string, patch: ProjectUpdate, actor: Principal | null): Promise<ProjectFeature> {
    const change = { expected: patch.version, action: 'update', reason: patch.reason };
    return this.#engine.change(id, change, actor, (current, at) => {
      if (patch.geometry === undefined && Object.keys(patch.properties ?? {}).length === 0) {
        throw this.#engine.refusals.nothingToChange();
      }
      const placed = patch.geometry !== undefined ? this.#placed(patch.geometry) : undefined;
      return editProject(current, patch, placed, at);
    });
  }

  /** One stage forward, with its date; the note goes into the audit trail. */
  move(id: string, input: ProjectStageMove, actor: Principal | null): Promise<ProjectFeature> {
    const change = { expected: input.version, action: `stage:${input.to}`, reason: input.note };
    return this.#engine.change(id, change, actor, (current, at) => moveStage(current, input, at));
  }

  /** Takes a project off the map (archive) or puts it back (restore); the reason is audited. */
  setArchived(
    id: string,
    archive: boolean,
    input: { version?: number; reason: string },
    actor: Principal | null,
  ): Promise<ProjectFeature> {
    return this.#engine.setArchived(id, archive, input, actor);
  }

  history(id: string, actor: Principal | null): Promise<VersionEntry<ClearanceProject>[]> {
    return this.#engine.history(id, actor);
  }
}
