/**
 * Clearance-project use cases: checks with the domain, derives area and wards from the boundary,
 * writes through the store with a version row. Routes stay thin.
 */
import { notYetThen, pastForStaff, refuseFutureAsOf, stateAsOf } from '../domain/as-of.ts';
import { can, permissionsOf, type Principal } from '../domain/access/permissions.ts';
import { projectFor } from '../domain/access/project-visibility.ts';
import { endOfLocalDay, localDate } from '../domain/dates.ts';
import { DomainError, type ErrorCode } from '../domain/errors.ts';
import {
  editProject,
  newProject,
  type PlacedBoundary,
} from '../domain/projects/project-changes.ts';
import {
  areaHectares,
  checkProjectGeometry,
  wardCodesOf,
} from '../domain/projects/project-geometry.ts';
import { moveStage, toProjectFeature } from '../domain/projects/project-record.ts';
import type {
  ClearanceProject,
  ProjectCreate,
  ProjectFeature,
  ProjectStageMove,
  ProjectUpdate,
} from '../domain/projects/project.ts';
import type { WardIndex } from '../domain/wards.ts';
import type { ProjectFilter } from '../store/project-filter.ts';
import type { Page, Store, VersionEntry } from '../store/store.ts';
import type { Clock } from '../domain/clock.ts';

export interface ProjectServiceDeps {
  store: Store;
  wards: WardIndex;
  clock: Clock;
  /** Name of the service area in messages. */
  areaName: string;
}

type At = { now: string; today: string };

const refuse = (code: ErrorCode, vi: string, en: string, details?: unknown) =>
  new DomainError(code, { vi, en }, details);

const notFound = (id: string) =>
  refuse('NOT_FOUND', `Không tìm thấy dự án ${id}.`, `Project ${id} was not found.`, { id });

const conflict = (current: number) =>
  refuse(
    'CONFLICT',
    'Dự án vừa được người khác thay đổi. Hãy tải lại rồi thử lại.',
    'Someone else changed this project meanwhile. Reload it and try again.',
    { current_version: current },
  );

const archived = (id: string) =>
  refuse(
    'ARCHIVED',
    'Dự án này đã được lưu trữ. Khôi phục nó trước khi thay đổi.',
    'This project is archived. Restore it before changing it.',
    { id },
  );

/** What a reader sees: the record with its clocks, then only the parts their permissions allow. */
function viewFor(actor: Principal | null, today: string) {
  const permissions = permissionsOf(actor);
  return (p: ClearanceProject) => projectFor(toProjectFeature(p, today), permissions);
}

export class ProjectService {
  constructor(private readonly deps: ProjectServiceDeps) {}

  #now(): At {
    const now = this.deps.clock.now();
    return { now: now.toISOString(), today: localDate(now) };
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
  async create(
    input: ProjectCreate,
    actor: Principal | null,
  ): Promise<{ feature: ProjectFeature; created: boolean }> {
    const at = this.#now();
    const view = viewFor(actor, at.today);
    const store = this.deps.store.projects;
    const existing = input.id ? await store.get(input.id) : undefined;
    if (existing) return { feature: view(existing), created: false };
    const user = actor?.id ?? null;
    const project = newProject(input, this.#placed(input.geometry), { ...at, user });
    if (!(await store.insert(project, 'create', { user, at: at.now }))) {
      // Two sends of one create raced; the first one won.
      const first = await store.get(project.id);
      if (first) return { feature: view(first), created: false };
    }
    return { feature: view(project), created: true };
  }

  /**
   * One project; an archived one only for staff, as the public map no longer shows it. With
   * `asOf`, as it stood at the end of that day (staff only), its clocks judged on that day.
   */
  async get(id: string, actor: Principal | null, asOf?: string): Promise<ProjectFeature> {
    if (asOf) {
      if (!can(actor, 'records:read')) throw pastForStaff();
      refuseFutureAsOf(asOf, this.#now().today);
      const p = stateAsOf(await this.deps.store.projects.history(id), endOfLocalDay(asOf));
      if (!p) throw (await this.deps.store.projects.get(id)) ? notYetThen(id, asOf) : notFound(id);
      return viewFor(actor, asOf)(p);
    }
    const p = await this.deps.store.projects.get(id);
    if (!p || (p.properties.archived_at && !can(actor, 'records:read'))) throw notFound(id);
    return viewFor(actor, this.#now().today)(p);
  }

  /** Projects matching a filter, now or as they stood at the end of the day `asOf`. */
  async list(
    filter: Omit<ProjectFilter, 'overdueOn' | 'onTimeOn'> & { overdue?: boolean },
    asOf: string | undefined,
    actor: Principal | null,
  ): Promise<Page<ProjectFeature>> {
    if (asOf && !can(actor, 'records:read')) throw pastForStaff();
    refuseFutureAsOf(asOf, this.#now().today);
    // The clocks of the past are judged on that day, as the office saw them then.
    const today = asOf ?? this.#now().today;
    const { overdue, ...rest } = filter;
    const full: ProjectFilter = {
      ...rest,
      archived: can(actor, 'records:read') ? filter.archived : undefined,
      overdueOn: overdue === true ? today : undefined,
      onTimeOn: overdue === false ? today : undefined,
    };
    const store = this.deps.store.projects;
    const page = asOf ? await store.listAsOf(endOfLocalDay(asOf), full) : await store.list(full);
    return { total: page.total, items: page.items.map(viewFor(actor, today)) };
  }

  /** A planner's correction of any field, the stage and its dates included. */
  update(id: string, patch: ProjectUpdate, actor: Principal | null): Promise<ProjectFeature> {
    const change = { expected: patch.version, action: 'update', reason: patch.reason };
    return this.#change(id, change, actor, (current, at) => {
      if (patch.geometry === undefined && Object.keys(patch.properties ?? {}).length === 0) {
        throw refuse(
          'VALIDATION_FAILED',
          'Không có gì để sửa: gửi geometry hoặc ít nhất một trường trong properties.',
          'Nothing to change: send a geometry or at least one field of properties.',
        );
      }
      const placed = patch.geometry !== undefined ? this.#placed(patch.geometry) : undefined;
      return editProject(current, patch, placed, at);
    });
  }

  /** One stage forward, with its date; the note goes into the audit trail. */
  moveStage(id: string, input: ProjectStageMove, actor: Principal | null): Promise<ProjectFeature> {
    const change = { expected: input.version, action: `stage:${input.to}`, reason: input.note };
    return this.#change(id, change, actor, (current, at) => moveStage(current, input, at));
  }

  /** Takes a project off the map (archive) or puts it back (restore); the reason is audited. */
  setArchived(
    id: string,
    archive: boolean,
    input: { version?: number; reason: string },
    actor: Principal | null,
  ): Promise<ProjectFeature> {
    const action = archive ? 'archive' : 'restore';
    const change = { expected: input.version, action, reason: input.reason };
    return this.#change(
      id,
      change,
      actor,
      (current, at) => {
        const p = current.properties;
        if (archive === (p.archived_at !== null)) {
          throw archive
            ? refuse(
                'ILLEGAL_TRANSITION',
                'Dự án này đã được lưu trữ rồi.',
                'This project is archived already.',
                { id },
              )
            : refuse(
                'ILLEGAL_TRANSITION',
                'Dự án này không ở trong lưu trữ.',
                'This project is not archived.',
                { id },
              );
        }
        const archived_at = archive ? at.now : null;
        return {
          ...current,
          properties: { ...p, archived_at, updated_at: at.now, version: p.version + 1 },
        };
      },
      true,
    );
  }

  async history(id: string, actor: Principal | null): Promise<VersionEntry<ClearanceProject>[]> {
    if (!(await this.deps.store.projects.get(id))) throw notFound(id);
    const permissions = permissionsOf(actor);
    const view = (p: ClearanceProject | null) => p && projectFor(p, permissions);
    const history = await this.deps.store.projects.history(id);
    return history.map((e) => ({ ...e, before: view(e.before), after: view(e.after) }));
  }

  async #change(
    id: string,
    change: { expected?: number; action: string; reason?: string },
    actor: Principal | null,
    next: (current: ClearanceProject, at: At) => ClearanceProject,
    allowArchived = false,
  ): Promise<ProjectFeature> {
    const at = this.#now();
    const store = this.deps.store.projects;
    const current = await store.get(id);
    if (!current) throw notFound(id);
    if (current.properties.archived_at && !allowArchived) throw archived(id);
    if (change.expected !== undefined && change.expected !== current.properties.version) {
      throw conflict(current.properties.version);
    }
    const changed = next(current, at);
    const view = viewFor(actor, at.today);
    // `next` answers the record itself when nothing changes: nothing is written.
    if (changed === current) return view(current);
    const audit = { user: actor?.id ?? null, at: at.now, reason: change.reason };
    if (!(await store.update(changed, current.properties.version, change.action, audit))) {
      throw conflict((await store.get(id))?.properties.version ?? 0);
    }
    return view(changed);
  }
}
