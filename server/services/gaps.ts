/**
 * Criteria-gap use cases: checks with the domain and the rule sets, derives the wards, writes
 * through the store with a version row. Routes stay thin.
 */
import type { Principal } from '../domain/access/permissions.ts';
import type { RuleSet } from '../domain/criteria/rule-set.ts';
import { applyGapStatus } from '../domain/gaps/gap-workflow.ts';
import type { GapFilter } from '../domain/gaps/gap-filter.ts';
import { gapKind } from '../domain/gaps/gap-kind.ts';
import {
  newGap,
  type Gap,
  type GapCreate,
  type GapStatusMove,
  type GapUpdate,
} from '../domain/gaps/gap.ts';
import type { WardIndex } from '../domain/wards.ts';
import type { Page, Store, VersionEntry } from '../store/store.ts';
import type { Clock } from '../domain/clock.ts';
import {
  checkGapValues,
  checkProject,
  checkScope,
  checkStandard,
  placeGap,
  ruleSetOf,
} from './gap-checks.ts';
import { RecordEngine } from './record-engine.ts';

export interface GapServiceDeps {
  store: Store;
  wards: WardIndex;
  clock: Clock;
  areaName: string;
  ruleSets: readonly RuleSet[];
}

export class GapService {
  readonly #engine: RecordEngine<Gap, GapFilter>;

  constructor(private readonly deps: GapServiceDeps) {
    this.#engine = new RecordEngine(gapKind, deps.store.gaps, deps.clock);
  }

  /** Creates a gap; the same client id sent again answers the first record, not a copy. */
  create(input: GapCreate, actor: Principal | null): Promise<{ feature: Gap; created: boolean }> {
    return this.#engine.create(input.id, actor, async (at, user) => {
      const p = input.properties;
      const ruleSet = ruleSetOf(this.deps.ruleSets, p.rule_set, 'properties.rule_set');
      checkStandard(ruleSet, p.standard, 'properties.standard');
      checkGapValues(ruleSet, p.standard, p);
      checkScope(this.deps.wards, p.scope, 'properties.scope');
      await checkProject(this.deps.store, p.project_id);
      const { geometry, wards } = placeGap(input.geometry, p.scope, this.deps);
      return newGap(input, { geometry, wards, now: at.now, user });
    });
  }

  /** One gap; an archived one only for staff. With `asOf`, as it stood at the end of that day. */
  get(id: string, actor: Principal | null, asOf?: string): Promise<Gap> {
    return this.#engine.get(id, actor, asOf);
  }

  /** Gaps matching a filter, now or as they stood at the end of the day `asOf`. */
  list(filter: GapFilter, asOf: string | undefined, actor: Principal | null): Promise<Page<Gap>> {
    return this.#engine.list(filter, asOf, actor);
  }

  /** Corrects a gap: any field, the status included (a planner's correction, either way). */
  update(id: string, patch: GapUpdate, actor: Principal | null): Promise<Gap> {
    const props = patch.properties ?? {};
    return this.#engine.change(
      id,
      { expected: patch.version, action: 'update', reason: patch.reason },
      actor,
      async (current, { now }) => {
        if (patch.geometry === undefined && Object.keys(props).length === 0) {
          throw this.#engine.refusals.nothingToChange();
        }
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
    return this.#engine.change(id, change, actor, (current, at) =>
      applyGapStatus(current, move, at.now),
    );
  }

  /** Takes a gap off the map or puts it back; the reason goes into the history. */
  setArchived(
    id: string,
    archive: boolean,
    input: { version?: number; reason: string },
    actor: Principal | null,
  ): Promise<Gap> {
    return this.#engine.setArchived(id, archive, input, actor);
  }

  history(id: string, actor: Principal | null): Promise<VersionEntry<Gap>[]> {
    return this.#engine.history(id, actor);
  }
}
