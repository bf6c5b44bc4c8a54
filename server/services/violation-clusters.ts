/**
 * Violations as map clusters, for zoomed-out views of up to a million records: supercluster's
 * index is built once from the records' positions (no record JSON is parsed) and kept until any
 * violation changes, which the store's revision tells. Only a few hundred features go out per
 * view, each with nothing private: a count, or a marker's kind, status and overdue flag.
 */
import Supercluster, { type AnyProps, type ClusterProperties } from 'supercluster';
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

interface CachedIndex {
  revision: string;
  index: Supercluster<null, AnyProps>;
}

export class ViolationClusters {
  readonly #indexes = new Map<string, CachedIndex>();
  /** How many indexes were built: tests see the cache work and drop. */
  builds = 0;

  constructor(private readonly deps: { store: Store; clock: Clock }) {}

  /** The clusters and markers of a view: its bbox at a zoom, with the list's filters. */
  view(
    bbox: BBox,
    zoom: number,
    filter: ClusterFilter,
    actor: Principal | null,
  ): ClusterCollection {
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
    const index = this.#index(full, today);
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

  /** The index for a filter, built again once any violation has changed. */
  #index(filter: ViolationFilter, today: string) {
    const revision = this.deps.store.violations.revision();
    // Overdue filters depend on the day; the rest only on the records.
    const key = JSON.stringify({
      ...filter,
      today: filter.overdueOn || filter.onTimeOn ? today : null,
    });
    const cached = this.#indexes.get(key);
    if (cached && cached.revision === revision) {
      // Most recently used last: the first entry is the one to evict.
      this.#indexes.delete(key);
      this.#indexes.set(key, cached);
      return cached.index;
    }
    // Any change makes every index stale.
    for (const [k, entry] of this.#indexes)
      if (entry.revision !== revision) this.#indexes.delete(k);
    const points: Feature<Point, null>[] = [];
    for (const { key: id, lon, lat } of this.deps.store.violations.positions(filter)) {
      points.push({
        type: 'Feature',
        id,
        geometry: { type: 'Point', coordinates: [lon, lat] },
        properties: null,
      });
    }
    const index = new Supercluster<null, AnyProps>({
      radius: CLUSTER_DEFAULTS.radius,
      maxZoom: CLUSTER_DEFAULTS.maxZoom,
      extent: CLUSTER_DEFAULTS.extent,
    }).load(points);
    this.builds++;
    this.#indexes.set(key, { revision, index });
    while (this.#indexes.size > CLUSTER_DEFAULTS.cachedIndexes) {
      this.#indexes.delete(this.#indexes.keys().next().value!);
    }
    return index;
  }
}
