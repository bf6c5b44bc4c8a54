/** The clearance projects the map and the list show, and every write to them: one place for the API. */
import type { FeatureCollection } from 'geojson';
import type {
  ClearanceProject,
  ProjectCreate,
  ProjectFeature,
  ProjectGeometry,
  ProjectStageMove,
  ProjectUpdate,
} from '../../../../server/domain/projects/project.ts';
import { client, unwrap } from '../api.ts';
import { RecordState, type KindApi, type RecordHistory } from './record-state.svelte.ts';

export type ProjectHistory = RecordHistory<ClearanceProject>;

/** What the map draws of a project: flat properties (MapLibre flattens nested ones to JSON). */
export interface ProjectMapProps {
  id: string;
  name: string;
  stage: ProjectFeature['properties']['stage'];
  blocked: boolean;
  overdue: boolean;
  area_ha: number;
}
export type ProjectCollection = FeatureCollection<ProjectGeometry, ProjectMapProps>;

/** Projects listed at once; the office has tens, not thousands. */
const LIMIT = '1000';

function forMap(features: ProjectFeature[]): ProjectCollection {
  return {
    type: 'FeatureCollection',
    features: features.map((f) => ({
      type: 'Feature',
      id: f.id,
      geometry: f.geometry,
      properties: {
        id: f.id,
        name: f.properties.name,
        stage: f.properties.stage,
        blocked: f.properties.blocked,
        overdue: f.properties.overdue,
        area_ha: f.properties.area_ha,
      },
    })),
  };
}

const route = client.api.projects;

const projectsApi: KindApi<
  ProjectFeature,
  ProjectCreate,
  ProjectUpdate,
  ProjectStageMove,
  ClearanceProject
> = {
  list: async (query) => (await unwrap(route.$get({ query: { ...query, limit: LIMIT } }))).features,
  get: (id, asOf) => unwrap(route[':id'].$get({ param: { id }, query: asOf ? { asOf } : {} })),
  create: (json) => unwrap(route.$post({ json })),
  update: (id, json) => unwrap(route[':id'].$patch({ param: { id }, json })),
  step: (id, json) => unwrap(route[':id'].stage.$post({ param: { id }, json })),
  setArchived: (id, archive, json) => {
    const input = { param: { id }, json };
    return unwrap(archive ? route[':id'].archive.$post(input) : route[':id'].restore.$post(input));
  },
  history: (id) => unwrap(route[':id'].history.$get({ param: { id } })),
};

export class ProjectsState extends RecordState<
  ProjectFeature,
  ProjectCreate,
  ProjectUpdate,
  ProjectStageMove,
  ClearanceProject
> {
  constructor() {
    super(projectsApi);
  }

  features: ProjectCollection = $derived(forMap(this.items));
}
