/**
 * A kind of record kept by the record engine as an OGC API collection: the list the API serves
 * (anonymous readers get the public view) with the flat fields of the kind's export layer, so
 * QGIS shows the same columns as the files. A record with no place has no geometry, as GeoJSON
 * allows.
 */
import type { BBox, Feature, Geometry } from 'geojson';
import type { Principal } from '../domain/access/permissions.ts';
import type { KindFilter } from '../domain/engine/record-kind.ts';
import type { ExportLayer } from '../exports/layer.ts';
import { fieldsFor } from '../exports/layer.ts';
import type { Page, Store } from '../store/store.ts';
import { foundOrUndefined, type OgcCollection, type Reader } from './collection.ts';
import { fieldQueryables } from './queryables.ts';
import { mapInTurns } from '../event-loop.ts';

/** What a kind's collection declares beside its export layer. */
export interface KindCollection<F> {
  id: string;
  title: string;
  /** Vietnamese first, then English, with what `datetime` filters on. */
  description: string;
  /** The filter of an OGC query: its box, its `datetime` interval, its page. */
  filterOf(query: { bbox?: BBox; from?: string; to?: string; limit: number; offset: number }): F;
}

export function recordCollection<
  F extends KindFilter,
  R extends { id: string; geometry: Geometry | null },
>(
  kind: KindCollection<F>,
  layer: ExportLayer<R>,
  service: {
    list(filter: F, asOf: undefined, actor: Principal | null): Promise<Page<R>>;
    get(id: string, actor: Principal | null): Promise<R>;
  },
  store: Store,
  serviceBbox: BBox,
): OgcCollection {
  const toFeature = async (reader: Reader) => {
    const fields = fieldsFor(layer, reader.permissions);
    // An office has tens of users: one read per request, not per feature.
    const usernames = new Map((await store.users.list()).map((u) => [u.id, u.username]));
    const context = { today: reader.today, usernames };
    return (r: R): Feature<Geometry> =>
      ({
        type: 'Feature',
        id: r.id,
        geometry: r.geometry,
        properties: Object.fromEntries(fields.map((f) => [f.name, f.value(r, context)])),
      }) as Feature<Geometry>;
  };
  return {
    id: kind.id,
    title: kind.title,
    description: kind.description,
    bbox: serviceBbox,
    interval: [null, null],
    async items(query, reader) {
      const { bbox, datetime, limit, offset, shape } = query;
      const filter = kind.filterOf({ bbox, from: datetime?.from, to: datetime?.to, limit, offset });
      const page = await service.list({ ...filter, shape }, undefined, reader.user);
      // Made in turns: a page may hold 10,000, and other requests go on meanwhile.
      const features = await mapInTurns(page.items, await toFeature(reader));
      return { total: page.total, features };
    },
    queryables: (reader) => fieldQueryables(fieldsFor(layer, reader.permissions)),
    async item(featureId, reader) {
      const found = await foundOrUndefined(() => service.get(featureId, reader.user));
      return found && (await toFeature(reader))(found);
    },
  };
}
