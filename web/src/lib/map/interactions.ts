/** Map interactions as plain functions of the map, so tests can hand them a small fake map. */
import type { GeoJSONSource, Map, MapGeoJSONFeature } from 'maplibre-gl';

/** Zooms in until a cluster splits; answers the zoom it eased to. */
export async function zoomToCluster(
  map: Pick<Map, 'getSource' | 'easeTo'>,
  sourceId: string,
  cluster: Pick<MapGeoJSONFeature, 'properties' | 'geometry'>,
): Promise<number | undefined> {
  const source = map.getSource(sourceId) as GeoJSONSource | undefined;
  const clusterId = cluster.properties?.cluster_id;
  if (!source || typeof clusterId !== 'number' || cluster.geometry.type !== 'Point') return;
  const zoom = await source.getClusterExpansionZoom(clusterId);
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
