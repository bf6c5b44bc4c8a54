/**
 * Violation use cases that write: reports created (one transaction for those sent together),
 * corrected, stepped, noted, given photos, archived. Each is checked with the domain, placed in
 * its ward and written through the record engine's change path, with a version row. The reads
 * are ViolationReads'.
 * Routes stay thin; another transport (CLI, sync) calls the same methods.
 */
import { can, mayEditViolation, type Principal } from '../domain/access/permissions.ts';
import type { ViolationPhoto } from '../domain/violations/photo.ts';
import { DomainError } from '../domain/errors.ts';
import { checkGeometry, checkInsideArea, type RecordGeometry } from '../domain/geometry.ts';
import {
  newViolation,
  type Violation,
  type ViolationCreate,
  type ViolationFeature,
  type ViolationNote,
  type ViolationNoteInput,
  type ViolationStepInput,
  type ViolationUpdate,
} from '../domain/violations/violation.ts';
import type { WardIndex } from '../domain/wards.ts';
import { applyStep } from '../domain/violations/workflow.ts';
import type { AuditContext, Store } from '../store/store.ts';
import type { Clock } from '../domain/clock.ts';
import { GroupCommit, type Outcome } from './group-commit.ts';
import { ViolationReads } from './violation-reads.ts';
import { notYours, refusesPhoto } from './violation-refusals.ts';

const GEOMETRY_TYPES = ['Point', 'Polygon'] as const;

/** A new report as answered: the record, and whether this request made it (not a retry). */
type Created = { feature: ViolationFeature; created: boolean };

interface CreateRequest {
  input: ViolationCreate;
  actor: Principal | null;
}

export interface ViolationServiceDeps {
  store: Store;
  wards: WardIndex;
  clock: Clock;
  /** Name of the service area in messages. */
  areaName: string;
}

export class ViolationService extends ViolationReads {
  declare protected readonly deps: ViolationServiceDeps;
  readonly #creates = new GroupCommit<CreateRequest, Created>((group) => this.#createAll(group));

  constructor(deps: ViolationServiceDeps) {
    super(deps);
  }

  #placed(input: unknown): { geometry: RecordGeometry; ward: Violation['properties']['ward'] } {
    const geometry = checkGeometry(input, GEOMETRY_TYPES);
    checkInsideArea(geometry, this.deps.wards.serviceArea, this.deps.areaName);
    return { geometry, ward: this.deps.wards.locate(geometry) };
  }

  /** Creates a report; the same client id sent again answers the first record, not a copy. */
  async create(input: ViolationCreate, actor: Principal | null): Promise<Created> {
    const outcome = (await this.#createAll([{ input, actor }]))[0]!;
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  }

  /**
   * `create` for a request among others arriving at once (inspectors sending their reports): the
   * reports asked for in the same moment are written in one transaction, and each is answered
   * once that is committed. Each is checked and answered on its own: one refused refuses no other.
   */
  submit(input: ViolationCreate, actor: Principal | null): Promise<Created> {
    return this.#creates.submit({ input, actor });
  }

  async #createAll(group: readonly CreateRequest[]): Promise<Outcome<Created>[]> {
    const { now, today } = this.now();
    const outcomes = new Array<Outcome<Created>>(group.length);
    const answer = (i: number, v: Violation, created: boolean) => {
      const feature = this.engine.view(group[i]!.actor, today)(v);
      outcomes[i] = { ok: true, value: { feature, created } };
    };
    // Each author's new reports, written under their name in the history. A retried capture is
    // not looked up first: its insert finds the id taken (below), so a group of new reports
    // costs no read at all, and only a retry reads the record it answers.
    const byUser = new Map<string | null, { i: number; violation: Violation }[]>();
    for (const [i, { input, actor }] of group.entries()) {
      try {
        const user = actor?.id ?? null;
        const drafts = byUser.get(user) ?? [];
        drafts.push({ i, violation: this.draft(input, actor, now) });
        byUser.set(user, drafts);
      } catch (error) {
        // A retry of a report kept already is answered with it, whatever the checks say now.
        try {
          const existing = input.id ? await this.deps.store.violations.get(input.id) : undefined;
          if (existing) answer(i, existing, false);
          else outcomes[i] = { ok: false, error };
        } catch (readError) {
          outcomes[i] = { ok: false, error: readError };
        }
      }
    }
    for (const [user, drafts] of byUser) {
      const written = await this.#insertAll(
        drafts.map((d) => d.violation),
        { user, at: now },
      );
      for (const [j, { i, violation }] of drafts.entries()) {
        const w = written[j]!;
        if (!w.ok) outcomes[i] = w;
        else if (w.value) answer(i, violation, true);
        else {
          // A retry of an offline capture, or two sends of it that raced: the first one won.
          try {
            const first = await this.deps.store.violations.get(violation.id);
            answer(i, first ?? violation, !first);
          } catch (error) {
            outcomes[i] = { ok: false, error };
          }
        }
      }
    }
    return outcomes;
  }

  /**
   * New reports in one transaction. Should the store refuse it, each is written on its own, so
   * that the one it refuses fails alone. Answers, for each, whether it was written (false: its id
   * is a record already).
   */
  async #insertAll(violations: Violation[], audit: AuditContext): Promise<Outcome<boolean>[]> {
    const store = this.deps.store.violations;
    if (violations.length > 1) {
      try {
        const inserted = await store.insertMany(violations, 'create', audit);
        return inserted.map((value) => ({ ok: true, value }));
      } catch {
        // Rolled back whole: written one by one below, each with its own outcome.
      }
    }
    const outcomes: Outcome<boolean>[] = [];
    // One after another, in the order asked: each write is its own transaction.
    for (const v of violations) {
      try {
        outcomes.push({ ok: true, value: await store.insert(v, 'create', audit) });
      } catch (error) {
        outcomes.push({ ok: false, error });
      }
    }
    return outcomes;
  }

  /**
   * A new report checked as a create checks it (geometry, service area, ward, observed time) but
   * not yet written: a bulk import writes many of them in one transaction.
   */
  draft(input: ViolationCreate, actor: Principal | null, now: string): Violation {
    const { geometry, ward } = this.#placed(input.geometry);
    return newViolation(input, { geometry, ward, now, user: actor?.id ?? null });
  }

  /**
   * Corrects a report. An inspector may edit their own until it is verified; a planner any. The
   * first edit of the text keeps what the inspector first wrote.
   */
  update(id: string, patch: ViolationUpdate, actor: Principal | null): Promise<ViolationFeature> {
    const change = { expected: patch.version, action: 'update', reason: patch.reason };
    const props = patch.properties ?? {};
    // Whose report it is decides before its version does: reloading would not make it yours.
    const guard = (current: Violation) => {
      if (!mayEditViolation(actor, current.properties)) throw notYours();
    };
    return this.engine.change(
      id,
      change,
      actor,
      (current, at) => {
        if (patch.geometry === undefined && Object.keys(props).length === 0) {
          throw this.engine.refusals.nothingToChange();
        }
        const placed = patch.geometry !== undefined ? this.#placed(patch.geometry) : undefined;
        const p = current.properties;
        const geometry = placed?.geometry ?? current.geometry;
        const edited = {
          kind: props.kind ?? p.kind,
          description: props.description ?? p.description,
          address: props.address !== undefined ? props.address || null : p.address,
          violator: props.violator !== undefined ? props.violator : p.violator,
        };
        const same =
          JSON.stringify(geometry) === JSON.stringify(current.geometry) &&
          edited.kind === p.kind &&
          edited.description === p.description &&
          edited.address === p.address &&
          JSON.stringify(edited.violator) === JSON.stringify(p.violator);
        // A form saved unchanged or a retried edit: no new version, no audit row.
        if (same) return current;
        return {
          ...current,
          geometry,
          properties: {
            ...p,
            ...edited,
            original_description:
              edited.description !== p.description
                ? (p.original_description ?? p.description)
                : p.original_description,
            ward: placed ? placed.ward : p.ward,
            updated_at: at.now,
            version: p.version + 1,
          },
        };
      },
      { guard },
    );
  }

  /** Moves a case one enforcement step on. */
  step(id: string, input: ViolationStepInput, actor: Principal | null): Promise<ViolationFeature> {
    const change = { expected: input.version, action: `step:${input.to}` };
    return this.engine.change(id, change, actor, (current, at) => applyStep(current, input, at));
  }

  /**
   * Adds a note to a case: an inspector back on site, a duplicate report folded into this one.
   * A note sent again with its client id (an offline retry) is added once: `added` is false.
   */
  async note(
    id: string,
    input: ViolationNoteInput,
    actor: Principal | null,
  ): Promise<{ feature: ViolationFeature; added: boolean }> {
    let added = false;
    const feature = await this.#appending(id, 'note', actor, (current, at) => {
      // Each attempt decides afresh: a retry racing this one may have added the note meanwhile.
      added = false;
      const p = current.properties;
      if (input.id && p.notes.some((n) => n.id === input.id)) return current;
      added = true;
      const note: ViolationNote = {
        id: input.id ?? crypto.randomUUID(),
        text: input.text,
        at: at.now,
        by: actor?.id ?? null,
      };
      return {
        ...current,
        properties: { ...p, notes: [...p.notes, note], updated_at: at.now, version: p.version + 1 },
      };
    });
    return { feature, added };
  }

  /**
   * Attaches a stored photo. The same photo sent again (an offline retry) is attached once:
   * `added` is false and nothing is written.
   */
  /**
   * Refuses a photo the case would not take (archived, or full) before its file is written, so
   * no evidence photo lies on disk without a record. `addPhoto` checks again: the case may change.
   */
  async checkTakesPhoto(id: string, sha256: string, actor: Principal | null): Promise<void> {
    const current = await this.deps.store.violations.get(id);
    const refusals = this.engine.refusals;
    if (!current || (current.properties.archived_at && !can(actor, 'records:read'))) {
      throw refusals.notFound(id);
    }
    if (current.properties.archived_at) throw refusals.archived(id);
    refusesPhoto(current, sha256);
  }

  async addPhoto(
    id: string,
    photo: Omit<ViolationPhoto, 'added_at' | 'added_by'>,
    actor: Principal | null,
  ): Promise<{ feature: ViolationFeature; added: boolean }> {
    let added = false;
    const feature = await this.#appending(id, 'photo', actor, (current, at) => {
      // Each attempt decides afresh: a retry racing this one may have attached the photo meanwhile.
      added = false;
      const p = current.properties;
      if (p.photos.some((x) => x.sha256 === photo.sha256)) return current;
      refusesPhoto(current, photo.sha256);
      added = true;
      const entry: ViolationPhoto = { ...photo, added_at: at.now, added_by: actor?.id ?? null };
      return {
        ...current,
        properties: {
          ...p,
          photos: [...p.photos, entry],
          updated_at: at.now,
          version: p.version + 1,
        },
      };
    });
    return { feature, added };
  }

  /**
   * A change that only adds (a note, a photo) conflicts with no one's intent: when another change
   * landed first, it is simply applied again on top, instead of answering 409.
   */
  async #appending(
    id: string,
    action: string,
    actor: Principal | null,
    next: (current: Violation, at: { now: string; today: string }) => Violation,
  ): Promise<ViolationFeature> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.engine.change(id, { action }, actor, next);
      } catch (e) {
        if (!(e instanceof DomainError && e.code === 'CONFLICT') || attempt >= 5) throw e;
      }
    }
  }

  /** Takes a case off the map (archive) or puts it back (restore); the reason goes in the audit. */
  setArchived(
    id: string,
    archive: boolean,
    input: { version?: number; reason: string },
    actor: Principal | null,
  ): Promise<ViolationFeature> {
    return this.engine.setArchived(id, archive, input, actor);
  }
}
