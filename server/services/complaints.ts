/**
 * Petition use cases on the record engine: what is a petition's own is here (its place and
 * links checked, its steps with their dates, its clocks judged on a day). Routes stay thin.
 */
import type { Principal } from '../domain/access/permissions.ts';
import type { Clock } from '../domain/clock.ts';
import type { ComplaintFilter } from '../domain/complaints/complaint-filter.ts';
import { complaintKind } from '../domain/complaints/complaint-kind.ts';
import {
  editComplaint,
  moveComplaint,
  newComplaint,
  toComplaintFeature,
} from '../domain/complaints/complaint-record.ts';
import type {
  Complaint,
  ComplaintCreate,
  ComplaintFeature,
  ComplaintStep,
  ComplaintUpdate,
} from '../domain/complaints/complaint.ts';
import type { ArchiveInput } from '../domain/engine/record-bodies.ts';
import type { WardIndex } from '../domain/wards.ts';
import type { Page, Store, VersionEntry } from '../store/store.ts';
import { checkHandler, checkLinks, placeComplaint } from './complaint-checks.ts';
import { RecordEngine } from './record-engine.ts';

export interface ComplaintServiceDeps {
  store: Store;
  wards: WardIndex;
  clock: Clock;
  areaName: string;
}

export class ComplaintService {
  readonly #engine: RecordEngine<Complaint, ComplaintFilter, ComplaintFeature>;

  constructor(private readonly deps: ComplaintServiceDeps) {
    this.#engine = new RecordEngine(
      complaintKind,
      deps.store.complaints,
      deps.clock,
      toComplaintFeature,
    );
  }

  /** Receives a petition; the same client id sent again answers the first record, not a copy. */
  create(
    input: ComplaintCreate,
    actor: Principal | null,
  ): Promise<{ feature: ComplaintFeature; created: boolean }> {
    return this.#engine.create(input.id, actor, async (at, user) => {
      const placed = placeComplaint(input.geometry, this.deps);
      await checkLinks(this.deps.store, input.properties);
      await checkHandler(this.deps.store, input.properties.handler_id);
      return newComplaint(input, placed, { ...at, user });
    });
  }

  get(id: string, actor: Principal | null, asOf?: string): Promise<ComplaintFeature> {
    return this.#engine.get(id, actor, asOf);
  }

  /** Petitions matching a filter, now or as of a day; overdue judged on the day shown. */
  list(
    filter: Omit<ComplaintFilter, 'overdueOn' | 'onTimeOn'> & { overdue?: boolean },
    asOf: string | undefined,
    actor: Principal | null,
  ): Promise<Page<ComplaintFeature>> {
    const day = asOf ?? this.#engine.at().today;
    const { overdue, ...rest } = filter;
    const full: ComplaintFilter = {
      ...rest,
      overdueOn: overdue === true ? day : undefined,
      onTimeOn: overdue === false ? day : undefined,
    };
    return this.#engine.list(full, asOf, actor);
  }

  /** A correction of any field but the type and the status. */
  update(id: string, patch: ComplaintUpdate, actor: Principal | null): Promise<ComplaintFeature> {
    const change = { expected: patch.version, action: 'update', reason: patch.reason };
    return this.#engine.change(id, change, actor, async (current, at) => {
      const edits = patch.properties ?? {};
      if (patch.geometry === undefined && Object.keys(edits).length === 0) {
        throw this.#engine.refusals.nothingToChange();
      }
      const placed =
        patch.geometry !== undefined ? placeComplaint(patch.geometry, this.deps) : undefined;
      await checkLinks(this.deps.store, edits);
      await checkHandler(this.deps.store, edits.handler_id);
      return editComplaint(current, patch, placed, at);
    });
  }

  /** The next step, dated; the note goes into the audit trail. */
  move(id: string, step: ComplaintStep, actor: Principal | null): Promise<ComplaintFeature> {
    const change = { expected: step.version, action: `step:${step.to}`, reason: step.note };
    return this.#engine.change(id, change, actor, (current, at) =>
      moveComplaint(current, step, at),
    );
  }

  setArchived(
    id: string,
    archive: boolean,
    input: ArchiveInput,
    actor: Principal | null,
  ): Promise<ComplaintFeature> {
    return this.#engine.setArchived(id, archive, input, actor);
  }

  history(id: string, actor: Principal | null): Promise<VersionEntry<Complaint>[]> {
    return this.#engine.history(id, actor);
  }
}
