/**
 * Criteria-gap use cases: checks with the domain and the rule sets, derives the wards, writes
 * through the store with a version row. Routes stay thin.
 */
import { notYetThen, refuseFutureAsOf, stateAsOf } from '../domain/as-of.ts';
import { can, type Principal } from '../domain/access/permissions.ts';
import type { RuleSet } from '../domain/criteria/rule-set.ts';
import { endOfLocalDay, localDate } from '../domain/dates.ts';
import { applyGapStatus } from '../domain/gaps/gap-workflow.ts';
import {
  newGap,
  publicGap,
  type Gap,
  type GapCreate,
  type GapStatusMove,
  type GapUpdate,
} from '../domain/gaps/gap.ts';
import type { WardIndex } from '../domain/wards.ts';
import type { GapFilter } from '../store/gap-filter.ts';
import type { Page, Store, VersionEntry } from '../store/store.ts';
import type { Clock } from '../domain/clock.ts';
import { alreadyThere, archivedError, conflict, nothingToChange, notFound } from './gap-errors.ts';
import {
  checkGapValues,
  checkProject,
  checkScope,
  checkStandard,
  placeGap,
  ruleSetOf,
} from './gap-checks.ts';

export interface GapServiceDeps {
  store: Store;
  wards: WardIndex;
  clock: Clock;
  areaName: string;
  ruleSets: readonly RuleSet[];
}

/** What a reader sees: staff everything, the public no names. */
function viewFor(actor: Principal | null): (g: Gap) => Gap {
  return can(actor, 'records:read') ? (g) => g : publicGap;
}

export class GapService {
  constructor(private readonly deps: GapServiceDeps) {}

  #now(): string {
    return this.deps.clock.now().toISOString();
  }

  /** Creates a gap; the same client id sent again answers the first record, not a copy. */
  async create(
    input: GapCreate,
    actor: Principal | null,
  ): Promise<{ feature: Gap; created: boolean }> {
    const view = viewFor(actor);
    const existing = input.id ? await this.deps.store.gaps.get(input.id) : undefined;
    if (existing) return { feature: view(existing), created: false };
    const p = input.properties;
    const ruleSet = ruleSetOf(this.deps.ruleSets, p.rule_set, 'properties.rule_set');
    checkStandard(ruleSet, p.standard, 'properties.standard');
    checkGapValues(ruleSet, p.standard, p);
    checkScope(this.deps.wards, p.scope, 'properties.scope');
    await checkProject(this.deps.store, p.project_id);
    const { geometry, wards } = placeGap(input.geometry, p.scope, this.deps);
    const now = this.#now();
    const user = actor?.id ?? null;
    const gap = newGap(input, { geometry, wards, now, user });
    if (!(await this.deps.store.gaps.insert(gap, 'create', { user, at: now }))) {
      // Two sends of one offline capture raced; the first one won.
      const first = await this.deps.store.gaps.get(gap.id);
      if (first) return { feature: view(first), created: false };
    }
    return { feature: view(gap), created: true };
  }

  /** One gap; an archived one only for staff. With `asOf`, as it stood at the end of that day. */
  async get(id: string, actor: Principal | null, asOf?: string): Promise<Gap> {
    if (asOf) {
      refuseFutureAsOf(asOf, localDate(this.deps.clock.now()));
      const g = stateAsOf(await this.deps.store.gaps.history(id), endOfLocalDay(asOf));
      if (!g) throw (await this.deps.store.gaps.get(id)) ? notYetThen(id, asOf) : notFound(id);
      // As the past list shows it: an archived gap only to staff.
      if (g.properties.archived_at && !can(actor, 'records:read')) throw notFound(id);
      return viewFor(actor)(g);
    }
    const g = await this.deps.store.gaps.get(id);
    if (!g || (g.properties.archived_at && !can(actor, 'records:read'))) throw notFound(id);
    return viewFor(actor)(g);
  }

  /** Gaps matching a filter, now or as they stood at the end of the day `asOf`. */
  async list(
    filter: GapFilter,
    asOf: string | undefined,
    actor: Principal | null,
  ): Promise<Page<Gap>> {
    refuseFutureAsOf(asOf, localDate(this.deps.clock.now()));
    const full: GapFilter = {
      ...filter,
      archived: can(actor, 'records:read') ? filter.archived : undefined,
    };
    const page = asOf
      ? await this.deps.store.gaps.listAsOf(endOfLocalDay(asOf), full)
      : await this.deps.store.gaps.list(full);
    return { total: page.total, items: page.items.map(viewFor(actor)) };
  }

  /** Corrects a gap: any field, the status included (a planner's correction, either way). */
  update(id: string, patch: GapUpdate, actor: Principal | null): Promise<Gap> {
    const props = patch.properties ?? {};
    return this.#change(
      id,
      { expected: patch.version, action: 'update', reason: patch.reason },
      actor,
      async (current, now) => {
        if (patch.geometry === undefined && Object.keys(props).length === 0)
          throw nothingToChange();
        const p = current.properties;
        const scope = props.scope ?? p.scope;
        const ruleSet = ruleSetOf(this.deps.ruleSets, p.rule_set, 'properties.rule_set');
        const standard = props.standard ?? p.standard;
        if (props.standard !== undefined) checkStandard(ruleSet, standard, 'properties.standard');
        // The values must fit the standard, the new one when it changes.
        checkGapValues(ruleSet, standard, {
          current_value: props.current_value !== undefined ? props.current_value : p.current_value,
          target_value: props.target_value !== undefined ? props.target_value : p.target_value,
        });
        if (props.scope !== undefined) checkScope(this.deps.wards, scope, 'properties.scope');
        if (props.project_id) await checkProject(this.deps.store, props.project_id);
        const moved = patch.geometry !== undefined || props.scope !== undefined;
        const placed = moved
          ? placeGap(
              patch.geometry !== undefined ? patch.geometry : current.geometry,
              scope,
              this.deps,
            )
          : { geometry: current.geometry, wards: p.wards };
        const edited = {
          ...p,
          ...props,
          description: props.description ?? p.description,
          unit: props.unit !== undefined ? props.unit || null : p.unit,
          source_note: props.source_note !== undefined ? props.source_note || null : p.source_note,
          wards: placed.wards,
          ward_codes: placed.wards.map((w) => w.code),
        };
        const same =
          JSON.stringify(placed.geometry) === JSON.stringify(current.geometry) &&
          JSON.stringify(edited) === JSON.stringify(p);
        // A form saved unchanged or a retried edit: no new version, no audit row.
        if (same) return current;
        return {
          ...current,
          geometry: placed.geometry,
          properties: { ...edited, updated_at: now, version: p.version + 1 },
        };
      },
    );
  }

  /** A forward status move: open → planned → in_progress → met. */
  move(id: string, move: GapStatusMove, actor: Principal | null): Promise<Gap> {
    const change = { expected: move.version, action: `status:${move.to}`, reason: move.note };
    return this.#change(id, change, actor, (current, now) => applyGapStatus(current, move, now));
  }

  /** Takes a gap off the map or puts it back; the reason goes into the history. */
  setArchived(
    id: string,
    archive: boolean,
    input: { version?: number; reason: string },
    actor: Principal | null,
  ): Promise<Gap> {
    const change = {
      expected: input.version,
      action: archive ? 'archive' : 'restore',
      reason: input.reason,
    };
    return this.#change(
      id,
      change,
      actor,
      (current, now) => {
        if ((current.properties.archived_at !== null) === archive) throw alreadyThere(id, archive);
        const p = current.properties;
        return {
          ...current,
          properties: {
            ...p,
            archived_at: archive ? now : null,
            updated_at: now,
            version: p.version + 1,
          },
        };
      },
      true,
    );
  }

  async history(id: string, actor: Principal | null): Promise<VersionEntry<Gap>[]> {
    if (!(await this.deps.store.gaps.get(id))) throw notFound(id);
    const view = viewFor(actor);
    const history = await this.deps.store.gaps.history(id);
    return history.map((e) => ({
      ...e,
      before: e.before && view(e.before),
      after: e.after && view(e.after),
    }));
  }

  /** `next` may read (a linked project must exist): the write's version check still guards it. */
  async #change(
    id: string,
    change: { expected?: number; action: string; reason?: string },
    actor: Principal | null,
    next: (current: Gap, now: string) => Gap | Promise<Gap>,
    allowArchived = false,
  ): Promise<Gap> {
    const now = this.#now();
    const current = await this.deps.store.gaps.get(id);
    if (!current) throw notFound(id);
    if (current.properties.archived_at && !allowArchived) throw archivedError(id);
    if (change.expected !== undefined && change.expected !== current.properties.version) {
      throw conflict(current.properties.version);
    }
    const changed = await next(current, now);
    if (changed === current) return viewFor(actor)(current);
    const audit = { user: actor?.id ?? null, at: now, reason: change.reason };
    const store = this.deps.store.gaps;
    if (!(await store.update(changed, current.properties.version, change.action, audit))) {
      throw conflict((await store.get(id))?.properties.version ?? 0);
    }
    return viewFor(actor)(changed);
  }
}
