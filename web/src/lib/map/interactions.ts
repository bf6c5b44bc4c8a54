/** Map interactions as plain functions of the map, so tests can hand them a small fake map. */
import { pointOnFeature } from '@turf/turf';
import type { Feature } from 'geojson';
import type { GeoJSONSource, Map, MapGeoJSONFeature, MapLayerMouseEvent } from 'maplibre-gl';

/**
 * Zooms in until a cluster splits; answers the zoom it eased to. A cluster made by the server
 * carries that zoom (`expansion_zoom`); one of the map's own source asks its source.
 */
export async function zoomToCluster(
  map: Pick<Map, 'getSource' | 'easeTo'>,
  sourceId: string,
  cluster: Pick<MapGeoJSONFeature, 'properties' | 'geometry'>,
): Promise<number | undefined> {
  const clusterId = cluster.properties?.cluster_id;
  if (typeof clusterId !== 'number' || cluster.geometry.type !== 'Point') return;
  const known = cluster.properties?.expansion_zoom;
  const source = map.getSource(sourceId) as GeoJSONSource | undefined;
  if (typeof known !== 'number' && !source) return;
  const zoom = typeof known === 'number' ? known : await source!.getClusterExpansionZoom(clusterId);
  map.easeTo({ center: cluster.geometry.coordinates as [number, number], zoom });
  return zoom;
}

/** The record id of the top feature under a click, if it has one. */
export function recordIdOf(
  features: readonly Pick<MapGeoJSONFeature, 'properties'>[] | undefined,
): string | undefined {
  const id = features?.[0]?.properties?.id;
  return typeof id === 'string' ? id : undefined;
}

/** A layer's click: opens the record under it (the top feature's), if it is one. */
export function selectRecord(onselect: (id: string) => void) {
  return (e: Pick<MapLayerMouseEvent, 'features'>): void => {
    const id = recordIdOf(e.features);
    if (id) onselect(id);
  };
}

/**
 * Brings a record into view unless it already is: eases to a point on it (zoomed in to at least
 * 15) when that point is off screen or the map is zoomed out below street level (13).
 */
export function revealRecord(
  map: Pick<Map, 'getBounds' | 'getZoom' | 'easeTo'>,
  record: Feature,
): void {
  const [lon, lat] = pointOnFeature(record).geometry.coordinates as [number, number];
  if (!map.getBounds().contains([lon, lat]) || map.getZoom() < 13) {
    map.easeTo({ center: [lon, lat], zoom: Math.max(map.getZoom(), 15) });
  }
}
