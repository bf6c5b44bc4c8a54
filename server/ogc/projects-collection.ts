/**
 * Clearance projects in the OGC API: the list the API serves (anonymous readers get the public
 * view) with the flat fields of the exports, so QGIS shows the same columns as the files.
 */
import type { BBox, Feature, Geometry } from 'geojson';
import type { ClearanceProject, ProjectFeature } from '../domain/projects/project.ts';
import { fieldsFor } from '../exports/layer.ts';
import { projectLayer } from '../exports/project-layer.ts';
import type { ProjectService } from '../services/projects.ts';
import type { Store } from '../store/store.ts';
import { foundOrUndefined, type OgcCollection, type Reader } from './collection.ts';

export function projectsCollection(
  service: ProjectService,
  store: Store,
  serviceBbox: BBox,
): OgcCollection {
  const toFeature = async (reader: Reader) => {
    const fields = fieldsFor(projectLayer, reader.permissions);
    // An office has tens of users: one read per request, not per feature.
    const usernames = new Map((await store.users.list()).map((u) => [u.id, u.username]));
    const context = { today: reader.today, usernames };
    return (x: ProjectFeature): Feature<Geometry> => ({
      type: 'Feature',
      id: x.id,
      geometry: x.geometry,
      properties: Object.fromEntries(
        fields.map((f) => [f.name, f.value(x as ClearanceProject, context)]),
      ),
    });
  };
  return {
    id: 'projects',
    title: 'Dự án giải phóng mặt bằng',
    description:
      'Dự án giải phóng mặt bằng: ranh giới, bước thực hiện, số hộ, vướng mắc và hạn luật định; datetime lọc theo thời điểm ghi nhận (created_at). Land-clearance projects: boundary, stage, households, obstacles and legal deadlines; datetime filters on created_at.',
    bbox: serviceBbox,
    interval: [null, null],
    async items(query, reader) {
      const page = await service.list(
        {
          bbox: query.bbox,
          createdFrom: query.datetime?.from,
          createdTo: query.datetime?.to,
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
