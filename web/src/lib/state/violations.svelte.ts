/** The violations the map shows, and every write to them: one place that talks to the API. */
import type { FeatureCollection, Point } from 'geojson';
import type { RecordGeometry } from '../../../../server/domain/geometry.ts';
import type {
  Violation,
  ViolationFeature,
  ViolationStepInput,
  ViolationUpdate,
} from '../../../../server/domain/violations/violation.ts';
import { MAX_PAGE } from '../../../../server/domain/paging.ts';
import type { RecordHistory as KindHistory, UserNames } from './record-state.svelte.ts';
import { client, unwrap } from '../api.ts';
import type { Viewport } from '../map/viewport.ts';
import type { ClusterCollection } from '../../../../server/services/violation-clusters.ts';
import { BBOX_PAGE, WHOLE_LIST_MAX, clustersForMap, viewSource } from './violation-scale.ts';

/** Who made which change: users by id, as the API names them. */
export type { UserNames };

export type RecordHistory = KindHistory<Violation>;

export type ViolationCollection = FeatureCollection<RecordGeometry, ViolationFeature['properties']>;

/**
 * MapLibre keeps no string feature ids (nor does clustering): the id goes into properties too,
 * and so does the first photo's thumbnail (MapLibre flattens nested properties to JSON text).
 */
function forMap(features: ViolationFeature[]): ViolationCollection {
  return {
    type: 'FeatureCollection',
    features: features.map((f) => ({
      ...f,
      properties: {
        ...f.properties,
        id: f.id,
        thumbnail: f.properties.photos[0]?.thumbnail_url ?? null,
      },
    })),
  };
}

const NO_RECORDS: ViolationFeature[] = [];

export class ViolationsState {
  #items = $state.raw<ViolationFeature[]>([]);
  #total = $state(0);
  #error = $state<string | null>(null);
  /** The server has answered a load (or it failed): until then no count is known, not 0. */
  #answered = $state(false);

  get items(): ViolationFeature[] {
    return this.#items;
  }
  get total(): number {
    return this.#total;
  }
  /** True once the first load has an answer: a list says "loading" before, not "0 records". */
  get answered(): boolean {
    return this.#answered;
  }
  get error(): string | null {
    return this.#error;
  }

  /**
   * Whether the records matching the filters are too many to load whole (WHOLE_LIST_MAX): the map
   * then shows the view on screen only, as the server's clusters or a page of its records.
   */
  #large = $state(false);
  /** The last load found few enough records to load whole: the next asks for all at once. */
  #whole = false;
  /** The server's clusters of the view on screen, while a large data set shows them. */
  #clusters = $state.raw<ClusterCollection | null>(null);

  get large(): boolean {
    return this.#large;
  }
  /** True while `points` are the server's clusters (already clustered: draw them as they are). */
  get serverClustered(): boolean {
    return this.#clusters !== null;
  }

  /**
   * Point records, for the clustered layer; while the server clusters, its clusters and markers
   * (a cluster with `point_count`, a marker with its record's id, kind, status and overdue).
   */
  points: ViolationCollection | FeatureCollection<Point> = $derived(
    this.#clusters
      ? clustersForMap(this.#clusters)
      : forMap(this.#items.filter((f) => f.geometry.type === 'Point')),
  );
  /** Graded areas and other polygons. */
  areas: ViolationCollection = $derived(
    forMap(this.#items.filter((f) => f.geometry.type !== 'Point')),
  );

  /** The filters and date of the last load, so a reload (sign-in, service worker) keeps them. */
  #query: Record<string, string> = {};

  /**
   * Loads the records matching `query` (the view's filters and asOf: `view.violationQuery`);
   * without one, the same records as last time.
   */
  async load(query: Record<string, string> = this.#query): Promise<void> {
    this.#query = query;
    return this.#fetch(query);
  }

  async #fetch(query: Record<string, string>): Promise<void> {
    const list = (limit: number) =>
      unwrap(client.api.violations.$get({ query: { ...query, limit: String(limit) } }));
    try {
      // How many records the filters match decides how they are loaded. Once a load found few
      // enough, the next ones ask for them all at once, as before (a change of filters rarely
      // crosses the threshold); otherwise one record's answer tells the count first.
      let page = this.#whole ? await list(MAX_PAGE) : await list(1);
      if (query !== this.#query) return;
      if (page.numberMatched > WHOLE_LIST_MAX) {
        this.#whole = false;
        this.#large = true;
        this.#total = page.numberMatched;
        this.#error = null;
        return await this.#fetchView();
      }
      if (page.numberReturned < page.numberMatched) page = await list(MAX_PAGE);
      // An answer to an older query that came late must not replace the newer one.
      if (query !== this.#query) return;
      this.#whole = true;
      this.#viewRequest?.abort();
      this.#large = false;
      this.#clusters = null;
      this.#items = page.features as ViolationFeature[];
      this.#total = page.numberMatched;
      this.#error = null;
    } catch (e) {
      this.#error = (e as Error).message;
    } finally {
      if (query === this.#query) this.#answered = true;
    }
  }

  /** Where the map last settled: the view a large data set is loaded for. */
  #viewport: Viewport | null = null;
  /** The view's request under way, aborted when the map moves on before it is answered. */
  #viewRequest: AbortController | null = null;

  /** The map settled at a new place; a large data set loads that view. */
  setViewport(viewport: Viewport): void {
    const last = this.#viewport;
    if (last && last.zoom === viewport.zoom && last.bbox.join() === viewport.bbox.join()) return;
    this.#viewport = viewport;
    if (this.#large) void this.#fetchView();
  }

  /**
   * A large data set's view: the server's clusters when zoomed out, a page of records in the bbox
   * at street zoom or for a past date (the clusters know only today). The count stays the
   * filters' total; the list shows the page of the view.
   */
  async #fetchView(): Promise<void> {
    const viewport = this.#viewport;
    if (!viewport) return;
    this.#viewRequest?.abort();
    const request = (this.#viewRequest = new AbortController());
    const init = { init: { signal: request.signal } };
    const { asOf, ...filters } = this.#query;
    const bbox = viewport.bbox.join(',');
    try {
      if (viewSource(viewport.zoom, asOf) === 'cluster') {
        const answer = (await unwrap(
          client.api.violations.clusters.$get(
            { query: { ...filters, bbox, zoom: String(viewport.zoom) } },
            init,
          ),
        )) as ClusterCollection;
        if (request.signal.aborted) return;
        // Past the clusters' own expansion (only single markers left): the records themselves.
        if (answer.features.some((f) => f.properties.cluster) || answer.numberMatched > BBOX_PAGE) {
          this.#clusters = answer;
          // The same empty list each time: what watches the records sees no change per move.
          this.#items = NO_RECORDS;
          this.#error = null;
          return;
        }
      }
      const page = await unwrap(
        client.api.violations.$get(
          { query: { ...this.#query, bbox, limit: String(BBOX_PAGE) } },
          init,
        ),
      );
      if (request.signal.aborted) return;
      this.#clusters = null;
      this.#items = page.features as ViolationFeature[];
      this.#error = null;
    } catch (e) {
      if (!request.signal.aborted) this.#error = (e as Error).message;
    }
  }

  /**
   * One record as it is now, or, with `asOf`, as it stood at the end of that day: asked of the
   * server by itself, never taken from the map in hand, whose load of that day may not have
   * answered yet (or was overtaken by another and never will).
   */
  async get(id: string, asOf: string | null = null): Promise<ViolationFeature> {
    const feature = (await unwrap(
      client.api.violations[':id'].$get({ param: { id }, query: asOf ? { asOf } : {} }),
    )) as ViolationFeature;
    if (!asOf) this.#put(feature);
    return feature;
  }

  /** A record as the server answered it elsewhere (a capture sent from the device's queue). */
  received(feature: ViolationFeature): void {
    this.#put(feature);
  }

  async update(id: string, patch: ViolationUpdate): Promise<ViolationFeature> {
    const feature = (await unwrap(
      client.api.violations[':id'].$patch({ param: { id }, json: patch }),
    )) as ViolationFeature;
    this.#put(feature);
    return feature;
  }

  async step(id: string, input: ViolationStepInput): Promise<ViolationFeature> {
    const feature = (await unwrap(
      client.api.violations[':id'].steps.$post({ param: { id }, json: input }),
    )) as ViolationFeature;
    this.#put(feature);
    return feature;
  }

  async note(id: string, text: string): Promise<ViolationFeature> {
    const feature = (await unwrap(
      client.api.violations[':id'].notes.$post({ param: { id }, json: { text } }),
    )) as ViolationFeature;
    this.#put(feature);
    return feature;
  }

  /** Takes a case off the map (archive) or puts it back (restore), with the reason why. */
  async setArchived(id: string, archive: boolean, reason: string, version: number) {
    const route = client.api.violations[':id'];
    const input = { param: { id }, json: { reason, version } };
    const feature = (await unwrap(
      archive ? route.archive.$post(input) : route.restore.$post(input),
    )) as ViolationFeature;
    this.#put(feature);
    return feature;
  }

  /** The record's versions, oldest first, and the names of the users who made them. */
  async history(id: string): Promise<RecordHistory> {
    const answer = await unwrap(client.api.violations[':id'].history.$get({ param: { id } }));
    return answer as RecordHistory;
  }

  /**
   * Replaces a record in place or adds it, so the map updates without a reload. An archived one
   * leaves the map, as it does for everyone else.
   */
  #put(feature: ViolationFeature): void {
    // A map of a past date is a snapshot: today's version of a record does not belong in it.
    if (this.#query.asOf) return;
    // A large data set: the count and the view (the server's clusters too) are asked again.
    if (this.#large) {
      const index = this.#items.findIndex((f) => f.id === feature.id);
      if (index !== -1) this.#items = this.#items.with(index, feature);
      void this.load();
      return;
    }
    const index = this.#items.findIndex((f) => f.id === feature.id);
    if (feature.properties.archived_at) {
      if (index === -1) return;
      this.#items = this.#items.toSpliced(index, 1);
      this.#total -= 1;
    } else if (index === -1) {
      this.#items = [feature, ...this.#items];
      this.#total += 1;
    } else {
      this.#items = this.#items.with(index, feature);
    }
  }
}
