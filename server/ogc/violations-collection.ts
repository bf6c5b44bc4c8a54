/**
 * Violations in the OGC API: the list the API serves (the reader's view: anonymous readers get the
 * public one) with the flat fields of the exports, so QGIS shows the same columns as the files.
 */
import type { BBox, Feature, Geometry } from 'geojson';
import type { Violation, ViolationFeature } from '../domain/violations/violation.ts';
import { featureWriter } from '../exports/feature-json.ts';
import { fieldsFor } from '../exports/layer.ts';
import { violationLayer } from '../exports/violation-layer.ts';
import type { FeatureGeometryJson } from '../services/violation-views.ts';
import type { ViolationService } from '../services/violations.ts';
import type { Store } from '../store/store.ts';
import { foundOrUndefined, type OgcCollection, type Reader } from './collection.ts';
import { fieldQueryables } from './queryables.ts';
import { mapInTurns } from '../event-loop.ts';

export function violationsCollection(
  service: ViolationService,
  store: Store,
  serviceBbox: BBox,
): OgcCollection {
  const flatten = async (reader: Reader) => {
    const fields = fieldsFor(violationLayer, reader.permissions);
    // An office has tens of users: one read per request, not per feature.
    const usernames = new Map((await store.users.list()).map((u) => [u.id, u.username]));
    const context = { today: reader.today, usernames };
    return {
      fields,
      values: (v: ViolationFeature) => fields.map((f) => f.value(v as Violation, context)),
    };
  };
  const toFeature = async (reader: Reader) => {
    const { fields, values } = await flatten(reader);
    return (v: ViolationFeature): Feature<Geometry> => {
      const flat = values(v);
      return {
        type: 'Feature',
        id: v.id,
        geometry: v.geometry,
        properties: Object.fromEntries(fields.map((f, i) => [f.name, flat[i]])),
      };
    };
  };
  /** Flat features as text: the properties were parsed, the geometry is copied as stored. */
  const toFeatureJson = async (reader: Reader) => {
    const { fields, values } = await flatten(reader);
    const write = featureWriter(fields.map((f) => f.name));
    return ({ feature, geometryJson }: FeatureGeometryJson): string =>
      write(feature.id, geometryJson, values(feature as unknown as ViolationFeature));
  };
  return {
    id: 'violations',
    title: 'Vi phạm trật tự đô thị',
    description:
      'Vi phạm trật tự đô thị, xây dựng, đất đai và bước xử lý của từng vụ; datetime lọc theo thời điểm phát hiện (observed_at). Urban-order violations and their enforcement steps; datetime filters on observed_at.',
    bbox: serviceBbox,
    interval: [null, null],
    async items(query, reader) {
      const page = await service.listGeometryJson(
        {
          bbox: query.bbox,
          observedFrom: query.datetime?.from,
          observedTo: query.datetime?.to,
          limit: query.limit,
          offset: query.offset,
          shape: query.shape,
        },
        reader.user,
      );
      // Written in turns: a page may hold 10,000, and other requests go on meanwhile.
      const features = await mapInTurns(page.items, await toFeatureJson(reader));
      return { total: page.total, features };
    },
    queryables: (reader) => fieldQueryables(fieldsFor(violationLayer, reader.permissions)),
    async item(featureId, reader) {
      const found = await foundOrUndefined(() => service.get(featureId, reader.user));
      return found && (await toFeature(reader))(found);
    },
  };
}
