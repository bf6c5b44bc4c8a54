/**
 * Violations as map clusters, for zoomed-out views of up to a million records: supercluster's
 * index is built from the records' positions (no record JSON is parsed) in a worker thread, and
 * used until a violation changes, which the store's revision tells. Then the next request starts a
 * new build and, while it runs, a large index goes on answering (a few seconds out of date rather
 * than a request waiting the build's seconds). Only a few hundred features go out per view, each
 * with nothing private: a count, or a marker's kind, status and overdue flag.
 */
import type { ClusterProperties } from 'supercluster';
import type { BBox, Feature, Point } from 'geojson';
import { can, type Principal } from '../domain/access/permissions.ts';
import type { ViolationKind } from '../domain/catalog/violation-kinds.ts';
import type { ViolationStatus } from '../domain/catalog/violation-statuses.ts';
import { localDate } from '../domain/dates.ts';
import { DomainError } from '../domain/errors.ts';
import { isOverdue } from '../domain/violation.ts';
import type { ViolationFilter } from '../store/filter.ts';
import type { Store } from '../store/store.ts';
import type { Clock } from './clock.ts';
import { workerIndexBuilder, type IndexBuilder, type IndexSource } from './cluster-builder.ts';
import { indexSize, toTriples, type ClusterIndex } from './cluster-index.ts';

/** supercluster's options, and the limits that keep every answer small. */
export const CLUSTER_DEFAULTS = {
  /** Cluster radius in pixels of a 512-pixel tile, MapLibre's zoom scale. */
  radius: 60,
  /** Past this zoom points no longer merge: the web map shows records one by one by then. */
  maxZoom: 17,
  /** Tile extent supercluster measures the radius against; MapLibre's tiles are 512 pixels. */
  extent: 512,
  /** How many filtered indexes are kept at once (the unfiltered map is the usual one). */
  cachedIndexes: 4,
  /**
   * A view larger than this many pixels a side at its zoom is refused: the number of clusters
   * grows with the view's area, and a 4K screen is 3840 pixels wide.
   */
  maxViewPixels: 4096,
  /** DESIGN.md's ceiling for one answer of the map. */
  maxResponseBytes: 1024 * 1024,
  /**
   * An index of up to this many points is rebuilt within the request that finds it out of date
   * (a quarter of a second or less), so a new report shows at once; a larger one answers while it
   * is rebuilt (a million points take about ten seconds).
   */
  freshUpTo: 20_000,
} as const;

/** A cluster of records, or one record shown as a marker. */
export type ClusterFeature = Feature<
  Point,
  | { cluster: true; cluster_id: number; point_count: number; expansion_zoom: number }
  | { cluster: false; kind: ViolationKind; status: ViolationStatus; overdue: boolean }
> & { id: string };

export interface ClusterCollection {
  type: 'FeatureCollection';
  zoom: number;
  /** Records the features stand for: the clusters' counts and the single markers. */
  numberMatched: number;
  numberReturned: number;
  features: ClusterFeature[];
}

/** What a view of clusters may be narrowed by: the list's filters, without paging or a date. */
export type ClusterFilter = Omit<
  ViolationFilter,
  'limit' | 'offset' | 'overdueOn' | 'onTimeOn' | 'bbox'
> & { overdue?: boolean };

function tooLarge(pixels: number): DomainError {
  return new DomainError(
    'BAD_REQUEST',
    {
      vi: `Vùng xem quá lớn ở mức thu phóng này (${Math.round(pixels)} điểm ảnh mỗi cạnh, tối đa ${CLUSTER_DEFAULTS.maxViewPixels}). Gửi đúng vùng đang hiển thị, hoặc thu nhỏ.`,
      en: `The view is too large for this zoom (${Math.round(pixels)} pixels a side, at most ${CLUSTER_DEFAULTS.maxViewPixels}). Send the bbox on screen, or zoom out.`,
    },
    { pixels: Math.round(pixels), max_pixels: CLUSTER_DEFAULTS.maxViewPixels },
  );
}

function tooMany(): DomainError {
  return new DomainError('BAD_REQUEST', {
    vi: 'Vùng xem có quá nhiều điểm để gửi một lần. Phóng to hoặc lọc bớt.',
    en: 'This view holds too many markers to send at once. Zoom in or narrow the filters.',
  });
}

/** Web Mercator y of a latitude on a unit square, as supercluster projects it. */
function mercatorY(lat: number): number {
  const sin = Math.sin((lat * Math.PI) / 180);
  const y = 0.5 - (0.25 * Math.log((1 + sin) / (1 - sin))) / Math.PI;
  return Math.min(Math.max(y, 0), 1);
}

/** The view's larger side in pixels at a zoom. */
export function viewPixels(bbox: BBox, zoom: number): number {
  const [minX, minY, maxX, maxY] = bbox as [number, number, number, number];
  const scale = CLUSTER_DEFAULTS.extent * 2 ** zoom;
  return Math.max(((maxX - minX) / 360) * scale, (mercatorY(minY) - mercatorY(maxY)) * scale);
}

const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

/** One filter's index: the one answering and the revision it was built at, and a build under way. */
interface CachedIndex {
  index: ClusterIndex | null;
  revision: string | null;
  building: Promise<void> | null;
}

export interface ClusterDeps {
  store: Store;
  clock: Clock;
  /**
   * The SQLite file the store reads, if it is one: the worker reads the positions on a
   * connection of its own, off this thread. Otherwise (an in-memory database, another store)
   * they are read here and handed to the worker.
   */
  databaseFile?: string | null;
  /** Builds indexes: the process's worker unless a test stands in. */
  builder?: IndexBuilder;
  /** CLUSTER_DEFAULTS.freshUpTo unless a test says otherwise. */
  freshUpTo?: number;
}

export class ViolationClusters {
  readonly #indexes = new Map<string, CachedIndex>();
  /** How many indexes were built: tests see the cache work and drop. */
  builds = 0;

  constructor(private readonly deps: ClusterDeps) {
    // The worker loads its code while the server starts, not when the first map asks.
    (deps.builder ?? workerIndexBuilder).warm?.();
  }

  /** The clusters and markers of a view: its bbox at a zoom, with the list's filters. */
  async view(
    bbox: BBox,
    zoom: number,
    filter: ClusterFilter,
    actor: Principal | null,
  ): Promise<ClusterCollection> {
    const z = Math.floor(zoom);
    const pixels = viewPixels(bbox, z);
    if (pixels > CLUSTER_DEFAULTS.maxViewPixels) throw tooLarge(pixels);
    const today = localDate(this.deps.clock.now());
    const { overdue, ...rest } = filter;
    const full: ViolationFilter = {
      ...rest,
      // As in the list: the public sees what is on the map, staff may ask for archived records.
      archived: can(actor, 'records:read') ? filter.archived : undefined,
      overdueOn: overdue === true ? today : undefined,
      onTimeOn: overdue === false ? today : undefined,
      limit: 0,
      offset: 0,
    };
    const index = await this.#index(full, today);
    const found = index.getClusters(bbox as [number, number, number, number], z);
    const keys = found.flatMap((f) => (f.properties?.cluster ? [] : [f.id as number]));
    const markers = new Map(this.deps.store.violations.markers(keys).map((m) => [m.key, m]));
    let matched = 0;
    const features: ClusterFeature[] = [];
    for (const f of found) {
      const [lon, lat] = f.geometry.coordinates as [number, number];
      const geometry: Point = { type: 'Point', coordinates: [round6(lon), round6(lat)] };
      const p = f.properties as ClusterProperties | null;
      if (p?.cluster) {
        matched += p.point_count;
        features.push({
          type: 'Feature',
          id: `c${p.cluster_id}`,
          geometry,
          properties: {
            cluster: true,
            cluster_id: p.cluster_id,
            point_count: p.point_count,
            expansion_zoom: index.getClusterExpansionZoom(p.cluster_id),
          },
        });
        continue;
      }
      const m = markers.get(f.id as number);
      if (!m) continue;
      matched++;
      features.push({
        type: 'Feature',
        id: m.id,
        geometry,
        properties: {
          cluster: false,
          kind: m.kind,
          status: m.status,
          overdue: isOverdue(m.deadline, today),
        },
      });
    }
    const collection: ClusterCollection = {
      type: 'FeatureCollection',
      zoom: z,
      numberMatched: matched,
      numberReturned: features.length,
      features,
    };
    // The view limit keeps answers far below this; a pathological filter or density must not pass.
    if (Buffer.byteLength(JSON.stringify(collection)) > CLUSTER_DEFAULTS.maxResponseBytes) {
      throw tooMany();
    }
    return collection;
  }

  /** Resolves once no build is under way (tests wait for a rebuild with it). */
  async settled(): Promise<void> {
    for (;;) {
      const building = [...this.#indexes.values()].flatMap((e) => e.building ?? []);
      if (building.length === 0) return;
      await Promise.allSettled(building);
    }
  }

  /**
   * The index for a filter. Out of date (a violation changed since it was built), it is built
   * again; meanwhile a large one answers as it is. The first build of a filter is waited for.
   */
  async #index(filter: ViolationFilter, today: string): Promise<ClusterIndex> {
    // Overdue filters depend on the day; the rest only on the records.
    const key = JSON.stringify({
      ...filter,
      today: filter.overdueOn || filter.onTimeOn ? today : null,
    });
    let entry = this.#indexes.get(key);
    // Most recently used last: the first entry is the one to evict.
    if (entry) this.#indexes.delete(key);
    entry ??= { index: null, revision: null, building: null };
    this.#indexes.set(key, entry);
    while (this.#indexes.size > CLUSTER_DEFAULTS.cachedIndexes) {
      this.#indexes.delete(this.#indexes.keys().next().value!);
    }
    const freshUpTo = this.deps.freshUpTo ?? CLUSTER_DEFAULTS.freshUpTo;
    for (;;) {
      const revision = this.deps.store.violations.revision();
      if (entry.index && entry.revision === revision) return entry.index;
      entry.building ??= this.#build(entry, filter, revision);
      const previous = entry.index;
      if (previous && indexSize(previous) > freshUpTo) return previous;
      await entry.building;
      // A first build is as new as a wait of one build gets; a small one is built again if a
      // change came in meanwhile.
      if (!previous) return entry.index!;
    }
  }

  #build(entry: CachedIndex, filter: ViolationFilter, revision: string): Promise<void> {
    const { store, databaseFile, builder = workerIndexBuilder } = this.deps;
    const source: IndexSource =
      databaseFile && databaseFile !== ':memory:'
        ? { file: databaseFile, filter }
        : { positions: toTriples(store.violations.positions(filter)) };
    const { radius, maxZoom, extent } = CLUSTER_DEFAULTS;
    const building = builder.build(source, { radius, maxZoom, extent }).then((index) => {
      this.builds++;
      entry.index = index;
      entry.revision = revision;
    });
    // Settled either way: a failed build is tried again by the next request.
    void building.finally(() => (entry.building = null)).catch(() => {});
    return building;
  }
}
