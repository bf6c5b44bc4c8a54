/**
 * Reading violations: one record (now or as it stood on a day), pages of them (as objects, as
 * JSON text, with the geometry apart), the open cases near a place, and a record's history, each
 * as its reader may see it. One record, its history and every change go through the record
 * engine (record-engine.ts), as every kind's do; pages are the violations' own, built for a map
 * of a million. The service that writes them (violations.ts) reads through this.
 */
import { pastForStaff, refuseFutureAsOf } from '../domain/as-of.ts';
import { can, permissionsOf, type Principal } from '../domain/access/permissions.ts';
import type { ViolationKind } from '../domain/violations/violation-kinds.ts';
import type { Clock } from '../domain/clock.ts';
import { localDate } from '../domain/dates.ts';
import { violationDeclaration } from '../domain/violations/violation-declaration.ts';
import {
  toViolationFeature,
  type Violation,
  type ViolationFeature,
} from '../domain/violations/violation.ts';
import { mapInTurns } from '../event-loop.ts';
import type { ViolationFilter } from '../store/filter.ts';
import type { FeaturesText, Page, Store, VersionEntry } from '../store/store.ts';
import { findNearby } from './nearby.ts';
import { RecordEngine } from './record-engine.ts';
import { fromJson, type FeatureGeometryJson } from './violation-views.ts';

export type ListFilter = Omit<ViolationFilter, 'overdueOn' | 'onTimeOn'> & { overdue?: boolean };

export class ViolationReads {
  #engine: RecordEngine<Violation, ViolationFilter, ViolationFeature> | undefined;

  constructor(protected readonly deps: { store: Store; clock: Clock }) {}

  /**
   * The change path every kind shares, made when first used: a bulk import's worker checks
   * reports with this service (`draft`) and has no store to give it.
   */
  protected get engine(): RecordEngine<Violation, ViolationFilter, ViolationFeature> {
    const { store, clock } = this.deps;
    return (this.#engine ??= new RecordEngine(
      violationDeclaration,
      store.violations,
      clock,
      toViolationFeature,
    ));
  }

  protected now() {
    const now = this.deps.clock.now();
    return { now: now.toISOString(), today: localDate(now) };
  }

  /**
   * One record; an archived one only for staff, as the public map no longer shows it. With
   * `asOf`, as it stood at the end of that day (staff only), read from its own history.
   */
  get(id: string, actor: Principal | null, asOf?: string): Promise<ViolationFeature> {
    return this.engine.get(id, actor, asOf);
  }

  /** Records matching a filter, now or as they stood at the end of the day `asOf`. */
  list(
    filter: ListFilter,
    asOf: string | undefined,
    actor: Principal | null,
  ): Promise<Page<ViolationFeature>> {
    return this.engine.list(this.#listFilter(filter, asOf, actor).full, asOf, actor);
  }

  /**
   * `list` as the text of its features, joined by commas: what the API writes between `[` and
   * `]`. For a reader who sees records whole, the store puts it together where it reads them (a
   * reader thread); a view that takes parts out parses each record, in slices, as a public page
   * of 5,000 is about 200 ms of the server's thread in one go.
   */
  async listText(
    filter: ListFilter,
    asOf: string | undefined,
    actor: Principal | null,
  ): Promise<FeaturesText> {
    const store = this.deps.store.violations;
    const { full, today } = this.#listFilter(filter, asOf, actor);
    const whole = permissionsOf(actor);
    if (!asOf && store.pageText && whole.has('records:read') && whole.has('violators:read')) {
      const page = await store.pageText(full, today);
      if (page) return page;
    }
    let items: string[];
    let total: number;
    if (asOf || !store.listJson) {
      const page = await this.list(filter, asOf, actor);
      ({ total } = page);
      items = await mapInTurns(page.items, (f) => JSON.stringify(f));
    } else {
      const page = await store.listJson(full);
      const view = this.engine.view(actor, today);
      ({ total } = page);
      items = await mapInTurns(page.items, (row) => JSON.stringify(view(fromJson(row))));
    }
    return { text: Buffer.from(items.join(',')), returned: items.length, total };
  }

  /**
   * `list` with each feature's geometry as its stored JSON text, for an answer that writes the
   * features as text (the OGC API's flat features): only the properties are parsed; the feature's
   * own `geometry` is null.
   */
  async listGeometryJson(
    filter: ListFilter,
    actor: Principal | null,
  ): Promise<Page<FeatureGeometryJson>> {
    const store = this.deps.store.violations;
    if (!store.listJson) {
      const page = await this.list(filter, undefined, actor);
      const items = page.items.map((f) => ({
        feature: { ...f, geometry: null },
        geometryJson: JSON.stringify(f.geometry),
      }));
      return { total: page.total, items };
    }
    const { full, today } = this.#listFilter(filter, undefined, actor);
    const page = await store.listJson(full);
    const view = this.engine.view(actor, today);
    // A page of 10,000 for QGIS: parsed in turns, so other requests are answered meanwhile.
    const items = await mapInTurns(page.items, (row) => {
      const v = {
        type: 'Feature',
        id: row.id,
        geometry: null,
        properties: JSON.parse(row.properties),
      };
      // No view changes where a record is: the geometry is left out of it, and copied as stored.
      const feature = view(v as unknown as Violation);
      return {
        feature: feature as unknown as FeatureGeometryJson['feature'],
        geometryJson: row.geometry,
      };
    });
    return { total: page.total, items };
  }

  #listFilter(filter: ListFilter, asOf: string | undefined, actor: Principal | null) {
    // The past holds texts later edited to take out what should not be public: staff only.
    if (asOf && !can(actor, 'records:read')) throw pastForStaff();
    refuseFutureAsOf(asOf, this.now().today);
    const today = asOf ?? this.now().today;
    const full: ViolationFilter = {
      ...filter,
      // The public sees what is on the map; archived records are for staff who ask for them.
      archived: can(actor, 'records:read') ? filter.archived : undefined,
      overdueOn: filter.overdue === true ? today : undefined,
      onTimeOn: filter.overdue === false ? today : undefined,
    };
    return { full, today };
  }

  /** Open cases of a kind within `radiusM` of a position, nearest first, with their distance. */
  async nearby(
    at: [number, number],
    kind: ViolationKind,
    radiusM: number,
    actor: Principal | null,
  ): Promise<(ViolationFeature & { properties: { distance_m: number } })[]> {
    const view = this.engine.view(actor, this.now().today);
    const found = await findNearby(this.deps.store, at, kind, radiusM);
    return found.map(({ violation, metres }) => {
      const f = view(violation);
      return { ...f, properties: { ...f.properties, distance_m: Math.round(metres * 10) / 10 } };
    });
  }

  history(id: string, actor: Principal | null): Promise<VersionEntry<Violation>[]> {
    return this.engine.history(id, actor);
  }
}
