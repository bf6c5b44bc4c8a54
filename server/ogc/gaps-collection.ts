/**
 * Criteria gaps in the OGC API: the list the API serves (anonymous readers get the public view)
 * with the flat fields of the exports, so QGIS shows the same columns as the files. A gap of a
 * whole scope has no geometry, as GeoJSON allows.
 */
import type { BBox, Feature, Geometry } from 'geojson';
import type { Gap } from '../domain/gaps/gap.ts';
import { gapLayer } from '../exports/gap-layer.ts';
import { fieldsFor } from '../exports/layer.ts';
import type { GapService } from '../services/gaps.ts';
import type { Store } from '../store/store.ts';
import { foundOrUndefined, type OgcCollection, type Reader } from './collection.ts';

export function gapsCollection(
  service: GapService,
  store: Store,
  serviceBbox: BBox,
): OgcCollection {
  const toFeature = async (reader: Reader) => {
    const fields = fieldsFor(gapLayer, reader.permissions);
    // An office has tens of users: one read per request, not per feature.
    const usernames = new Map((await store.users.list()).map((u) => [u.id, u.username]));
    const context = { today: reader.today, usernames };
    return (g: Gap): Feature<Geometry> =>
      ({
        type: 'Feature',
        id: g.id,
        geometry: g.geometry,
        properties: Object.fromEntries(fields.map((f) => [f.name, f.value(g, context)])),
      }) as Feature<Geometry>;
  };
  return {
    id: 'gaps',
    title: 'Tiêu chí đô thị còn thiếu',
    description:
      'Tiêu chí phân loại đô thị còn thiếu (NQ 111/2025/UBTVQH15), theo phường hoặc toàn đô thị; datetime lọc theo lần cập nhật cuối (updated_at). Urban-classification criteria gaps; datetime filters on updated_at.',
    bbox: serviceBbox,
    interval: [null, null],
    async items(query, reader) {
      const page = await service.list(
        {
          bbox: query.bbox,
          updatedFrom: query.datetime?.from,
          updatedTo: query.datetime?.to,
          limit: query.limit,
          offset: query.offset,
        },
        undefined,
        reader.user,
      );
      return { total: page.total, features: page.items.map(await toFeature(reader)) };
    },
    async item(featureId, reader) {
      const found = await foundOrUndefined(() => service.get(featureId, reader.user));
      return found && (await toFeature(reader))(found);
    },
  };
}
