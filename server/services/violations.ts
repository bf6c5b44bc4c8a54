/**
 * Violation use cases: checks with the domain, derives the ward, writes through the store with a
 * version row. Routes stay thin; another transport (CLI, sync) calls the same methods.
 */
import { localDate, endOfLocalDay } from '../domain/dates.ts';
import { DomainError } from '../domain/errors.ts';
import { checkGeometry, checkInsideArea, type RecordGeometry } from '../domain/geometry.ts';
import {
  newViolation,
  toViolationFeature,
  type Violation,
  type ViolationCreate,
  type ViolationFeature,
  type ViolationStepInput,
  type ViolationUpdate,
} from '../domain/violation.ts';
import type { WardIndex } from '../domain/wards.ts';
import { applyStep } from '../domain/workflow.ts';
import type { ViolationFilter } from '../store/filter.ts';
import type { Page, Store, VersionEntry } from '../store/store.ts';
import type { Clock } from './clock.ts';

const GEOMETRY_TYPES = ['Point', 'Polygon'] as const;

export interface ViolationServiceDeps {
  store: Store;
  wards: WardIndex;
  clock: Clock;
  /** Name of the service area in messages. */
  areaName: string;
}

function notFound(id: string): DomainError {
  return new DomainError(
    'NOT_FOUND',
    { vi: `Không tìm thấy vi phạm ${id}.`, en: `Violation ${id} was not found.` },
    { id },
  );
}

function conflict(current: number): DomainError {
  return new DomainError(
    'CONFLICT',
    {
      vi: 'Hồ sơ vừa được người khác thay đổi. Hãy tải lại rồi thử lại.',
      en: 'Someone else changed this record meanwhile. Reload it and try again.',
    },
    { current_version: current },
  );
}

export class ViolationService {
  constructor(private readonly deps: ViolationServiceDeps) {}

  #now() {
    const now = this.deps.clock.now();
    return { now: now.toISOString(), today: localDate(now) };
  }

  #placed(input: unknown): { geometry: RecordGeometry; ward: Violation['properties']['ward'] } {
    const geometry = checkGeometry(input, GEOMETRY_TYPES);
    checkInsideArea(geometry, this.deps.wards.serviceArea, this.deps.areaName);
    return { geometry, ward: this.deps.wards.locate(geometry) };
  }

  /** Creates a report; the same client id sent again answers the first record, not a copy. */
  create(
    input: ViolationCreate,
    user: string | null,
  ): { feature: ViolationFeature; created: boolean } {
    const { now, today } = this.#now();
    if (input.id) {
      const existing = this.deps.store.violations.get(input.id);
      if (existing) return { feature: toViolationFeature(existing, today), created: false };
    }
    const { geometry, ward } = this.#placed(input.geometry);
    const violation = newViolation(input, { geometry, ward, now });
    const inserted = this.deps.store.violations.insert(violation, 'create', { user, at: now });
    if (!inserted) {
      // Two sends of one offline capture raced; the first one won.
      const existing = this.deps.store.violations.get(violation.id);
      if (existing) return { feature: toViolationFeature(existing, today), created: false };
    }
    return { feature: toViolationFeature(violation, today), created: true };
  }

  get(id: string): ViolationFeature {
    const v = this.deps.store.violations.get(id);
    if (!v) throw notFound(id);
    return toViolationFeature(v, this.#now().today);
  }

  /** Records matching a filter, now or as they stood at the end of the day `asOf`. */
  list(
    filter: Omit<ViolationFilter, 'overdueOn' | 'onTimeOn'> & { overdue?: boolean },
    asOf?: string,
  ): Page<ViolationFeature> {
    const today = asOf ?? this.#now().today;
    const full: ViolationFilter = {
      ...filter,
      overdueOn: filter.overdue === true ? today : undefined,
      onTimeOn: filter.overdue === false ? today : undefined,
    };
    const page = asOf
      ? this.deps.store.violations.listAsOf(endOfLocalDay(asOf), full)
      : this.deps.store.violations.list(full);
    return { total: page.total, items: page.items.map((v) => toViolationFeature(v, today)) };
  }

  update(id: string, patch: ViolationUpdate, user: string | null): ViolationFeature {
    return this.#change(id, patch.version, 'update', user, (current, at) => {
      const placed = patch.geometry !== undefined ? this.#placed(patch.geometry) : undefined;
      const props = patch.properties ?? {};
      return {
        ...current,
        geometry: placed?.geometry ?? current.geometry,
        properties: {
          ...current.properties,
          ...(props.kind !== undefined && { kind: props.kind }),
          ...(props.description !== undefined && { description: props.description }),
          ...(props.address !== undefined && { address: props.address || null }),
          ward: placed ? placed.ward : current.properties.ward,
          updated_at: at.now,
          version: current.properties.version + 1,
        },
      };
    });
  }

  /** Moves a case one enforcement step on. */
  step(id: string, input: ViolationStepInput, user: string | null): ViolationFeature {
    return this.#change(id, input.version, `step:${input.to}`, user, (current, at) =>
      applyStep(current, input, at),
    );
  }

  history(id: string): VersionEntry<Violation>[] {
    if (!this.deps.store.violations.get(id)) throw notFound(id);
    return this.deps.store.violations.history(id);
  }

  #change(
    id: string,
    expected: number | undefined,
    action: string,
    user: string | null,
    next: (current: Violation, at: { now: string; today: string }) => Violation,
  ): ViolationFeature {
    const at = this.#now();
    const current = this.deps.store.violations.get(id);
    if (!current) throw notFound(id);
    if (expected !== undefined && expected !== current.properties.version) {
      throw conflict(current.properties.version);
    }
    const changed = next(current, at);
    if (
      !this.deps.store.violations.update(changed, current.properties.version, action, {
        user,
        at: at.now,
      })
    ) {
      throw conflict(this.deps.store.violations.get(id)?.properties.version ?? 0);
    }
    return toViolationFeature(changed, at.today);
  }
}
