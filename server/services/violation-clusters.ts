/**
 * Violations as map clusters, for zoomed-out views of up to a million records: supercluster's
 * index is built from the records' positions (no record JSON is parsed) in a worker thread, and
 * used until a violation changes, which the store's revision tells. Then the index in hand goes on
 * answering, at any size, while one rebuild runs in the background; only a filter's first index
 * is waited for, and the one request that starts a small index's rebuild waits a moment for it
 * (cluster-cache.ts). Only a few hundred features go out per view, each with nothing private: a
 * count, or a marker's kind, status and overdue flag.
 */
import type { ClusterProperties } from 'supercluster';
import type { BBox, Feature, Point } from 'geojson';
import { can, type Principal } from '../domain/access/permissions.ts';
import type { ViolationKind } from '../domain/violations/violation-kinds.ts';
import type { ViolationStatus } from '../domain/violations/violation-statuses.ts';
import { localDate } from '../domain/dates.ts';
import { DomainError } from '../domain/errors.ts';
import { isOverdue } from '../domain/violations/violation.ts';
import type { ViolationFilter } from '../store/filter.ts';
import type { Store } from '../store/store.ts';
import type { Clock } from '../domain/clock.ts';
import { workerIndexBuilder, type IndexBuilder, type IndexSource } from './cluster-builder.ts';
import { ClusterIndexCache, type CacheLimits } from './cluster-cache.ts';
import { toTriples, type ClusterIndex } from './cluster-index.ts';

/** supercluster's options, and the limits that keep every answer small. */
export const CLUSTER_DEFAULTS = {
  /** Cluster radius in pixels of a 512-pixel tile, MapLibre's zoom scale. */
  radius: 60,
  /** Past this zoom points no longer merge: the web map shows records one by one by then. */
  maxZoom: 17,
  /** Tile extent supercluster measures the radius against; MapLibre's tiles are 512 pixels. */
  extent: 512,
  /**
   * How many indexes are kept at once: the unfiltered map's, which is never dropped, and the
   * filters' (a search, a kind), the least recently used going first.
   */
  cachedIndexes: 8,
  /**
   * Points in all kept indexes together, a bound on their memory (an index takes 90 to 140 bytes
   * a point): a million-record unfiltered map and as many again among the filters.
   */
  cachedPoints: 2_000_000,
  /**
   * A view larger than this many pixels a side at its zoom is refused: the number of clusters
   * grows with the view's area, and a 4K screen is 3840 pixels wide.
   */
  maxViewPixels: 4096,
  /** DESIGN.md's ceiling for one answer of the map. */
  maxResponseBytes: 1024 * 1024,
  /**
   * A request that finds an index of up to `freshUpTo` points out of date, and starts its rebuild,
   * waits up to `freshWaitMs` for it (such a rebuild takes milliseconds): a lone new report shows
   * in the next view. Otherwise, and whenever a rebuild is already running (writes keep coming),
   * the index in hand answers at once.
   */
  freshUpTo: 20_000,
  freshWaitMs: 100,
  /** A build that takes longer is given up (a million points take about ten seconds). */
  buildBudgetMs: 120_000,
  /** After a failed build the next waits this long, doubled each failure in a row up to a minute. */
  retryMs: 1_000,
  maxRetryMs: 60_000,
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
  /** CLUSTER_DEFAULTS' cache limits and timings unless a test says otherwise. */
  limits?: Partial<CacheLimits>;
  /** Where a failed build is told: console.warn unless a test listens. */
  log?: (message: string, error: unknown) => void;
}

/** A filter as a cache key: the same filter, however its lists are ordered, is one key. */
function filterKey(filter: ViolationFilter, today: string): string {
  const entries = Object.entries(filter)
    .filter(([k, v]) => k !== 'limit' && k !== 'offset' && v !== undefined && v !== '')
    .filter(([, v]) => !(Array.isArray(v) && v.length === 0))
    .map(([k, v]) => [k, Array.isArray(v) ? [...v].sort() : v] as const)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  // Overdue filters depend on the day; the rest only on the records.
  if (filter.overdueOn || filter.onTimeOn) return JSON.stringify([...entries, ['today', today]]);
  return JSON.stringify(entries);
}

/** The key of the unfiltered map, the one every visitor opens on. */
const UNFILTERED = JSON.stringify([]);

export class ViolationClusters {
  readonly #cache: ClusterIndexCache;

  constructor(private readonly deps: ClusterDeps) {
    const builder = deps.builder ?? workerIndexBuilder;
    // The worker loads its code while the server starts, not when the first map asks.
    builder.warm?.();
    const d = CLUSTER_DEFAULTS;
    this.#cache = new ClusterIndexCache(
      {
        revision: async () => await deps.store.violations.revision(),
        build: (filter, signal) => this.#build(builder, filter, signal),
        log: deps.log ?? ((message, error) => console.warn(message, error)),
      },
      {
        maxIndexes: d.cachedIndexes,
        maxPoints: d.cachedPoints,
        buildBudgetMs: d.buildBudgetMs,
        retryMs: d.retryMs,
        maxRetryMs: d.maxRetryMs,
        freshWaitMs: d.freshWaitMs,
        freshUpTo: d.freshUpTo,
        ...deps.limits,
      },
    );
  }

  /** How many indexes were built: tests see the cache work and drop. */
  get builds(): number {
    return this.#cache.builds;
  }

  /** How many indexes are kept, and their points together. */
  async cached(): Promise<{ indexes: number; points: number }> {
    return this.#cache.size;
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
    const key = filterKey(full, today);
    const index = await this.#cache.get(key, full, key === UNFILTERED);
    const found = index.getClusters(bbox as [number, number, number, number], z);
    const keys = found.flatMap((f) => (f.properties?.cluster ? [] : [f.id as number]));
    const markers = new Map(
      (await this.deps.store.violations.markers(keys)).map((m) => [m.key, m]),
    );
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

  /** Resolves once no build is under way or due (tests wait for a rebuild with it). */
  async settled(): Promise<void> {
    await this.#cache.settled();
  }

  /**
   * Builds a filter's index in the worker. From a database file the worker reads the positions on
   * a connection of its own; otherwise they are read here (asynchronously with a server store; an
   * in-memory database's in a moment) and handed over.
   */
  async #build(
    builder: IndexBuilder,
    filter: ViolationFilter,
    signal: AbortSignal,
  ): Promise<ClusterIndex> {
    const { store, databaseFile } = this.deps;
    const source: IndexSource =
      databaseFile && databaseFile !== ':memory:'
        ? { file: databaseFile, filter }
        : { positions: toTriples(await store.violations.positions(filter)) };
    signal.throwIfAborted();
    const { radius, maxZoom, extent } = CLUSTER_DEFAULTS;
    return builder.build(source, { radius, maxZoom, extent }, signal);
  }
}
