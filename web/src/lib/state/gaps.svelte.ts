/** The criteria gaps the map and the list show, and every write to them: one place for the API. */
import type { FeatureCollection } from 'geojson';
import type {
  Gap,
  GapCreate,
  GapGeometry,
  GapStatusMove,
  GapUpdate,
} from '../../../../server/domain/gaps/gap.ts';
import { client, unwrap } from '../api.ts';
import { RecordState, type KindApi, type RecordHistory } from './record-state.svelte.ts';

export type GapHistory = RecordHistory<Gap>;

/** What the map draws of a gap: flat properties (MapLibre flattens nested ones to JSON). */
export interface GapMapProps {
  id: string;
  title: string;
  standard: string;
  status: Gap['properties']['status'];
}
export type GapCollection = FeatureCollection<GapGeometry, GapMapProps>;

/** Gaps with a place, as the map draws them; those of a whole ward or the urban area have none. */
function forMap(features: Gap[]): GapCollection {
  return {
    type: 'FeatureCollection',
    features: features.flatMap((f) =>
      f.geometry
        ? [
            {
              type: 'Feature' as const,
              id: f.id,
              geometry: f.geometry,
              properties: {
                id: f.id,
                title: f.properties.title,
                standard: f.properties.standard,
                status: f.properties.status,
              },
            },
          ]
        : [],
    ),
  };
}

const route = client.api.gaps;

const gapsApi: KindApi<Gap, GapCreate, GapUpdate, GapStatusMove, Gap> = {
  list: async (query) =>
    (await unwrap(route.$get({ query: { ...query, limit: '1000' } }))).features,
  get: (id, asOf) => unwrap(route[':id'].$get({ param: { id }, query: asOf ? { asOf } : {} })),
  create: (json) => unwrap(route.$post({ json })),
  update: (id, json) => unwrap(route[':id'].$patch({ param: { id }, json })),
  step: (id, json) => unwrap(route[':id'].status.$post({ param: { id }, json })),
  setArchived: (id, archive, json) => {
    const input = { param: { id }, json };
    return unwrap(archive ? route[':id'].archive.$post(input) : route[':id'].restore.$post(input));
  },
  history: (id) => unwrap(route[':id'].history.$get({ param: { id } })),
};

export class GapsState extends RecordState<Gap, GapCreate, GapUpdate, GapStatusMove> {
  constructor() {
    super(gapsApi);
  }

  features: GapCollection = $derived(forMap(this.items));
}
