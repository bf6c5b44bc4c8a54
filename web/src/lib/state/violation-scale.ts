/**
 * When the map stops loading every violation: the thresholds, and the server's clusters as the
 * violations layer draws them.
 */
import type { Feature, FeatureCollection, Point } from 'geojson';
import { MAX_PAGE } from '../../../../server/domain/paging.ts';
import type { ClusterCollection } from '../../../../server/services/violation-clusters.ts';
import { abbreviateCount } from '../map/viewport.ts';

/**
 * Up to this many records for the filters, the app loads them all at once, as it always has:
 * the list, the map's own clusters and offline reading all work on the whole set, and a city the
 * size of Bắc Kạn files a few thousand a year. It is also the largest page the API answers
 * (MAX_PAGE), so nothing larger could be loaded whole. Past it the map asks the server for the
 * clusters of the view, and for records only at street zoom, a page of the view at a time.
 */
export const WHOLE_LIST_MAX = MAX_PAGE;

/** From this zoom on (a street), a large data set shows its records one by one. */
export const STREET_ZOOM = 15;

/**
 * The largest page of records asked for by bbox: a full record is under 1 KB of JSON, so an
 * answer stays well under the 1 MB every map answer keeps to.
 */
export const BBOX_PAGE = 500;

/** `cluster` asks for the server's clusters; `records` for a page of records in the bbox. */
export type ViewSource = 'cluster' | 'records';

/**
 * What a view of a large data set is drawn from: records at street zoom and for a past date
 * (the clusters know only today), clusters otherwise.
 */
export function viewSource(zoom: number, asOf: string | undefined): ViewSource {
  return asOf || zoom >= STREET_ZOOM ? 'records' : 'cluster';
}

/**
 * The server's clusters in the shape the violations layer draws: a cluster has `point_count`
 * (as MapLibre's own clusters do), a single marker its record id in properties.
 */
export function clustersForMap(answer: ClusterCollection): FeatureCollection<Point> {
  return {
    type: 'FeatureCollection',
    features: answer.features.map((f): Feature<Point> => {
      const p = f.properties;
      return {
        type: 'Feature',
        geometry: f.geometry,
        properties: p.cluster
          ? { ...p, point_count_abbreviated: abbreviateCount(p.point_count), overdue: 0 }
          : { ...p, id: f.id },
      };
    }),
  };
}
