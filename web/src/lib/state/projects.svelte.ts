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
import type { VersionEntry } from '../../../../server/store/store.ts';
import { client, unwrap } from '../api.ts';
import type { QueryParams } from './view.svelte.ts';
import type { UserNames } from './violations.svelte.ts';

export interface ProjectHistory {
  versions: VersionEntry<ClearanceProject>[];
  users: UserNames;
}

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

export class ProjectsState {
  #items = $state.raw<ProjectFeature[]>([]);
  #error = $state<string | null>(null);
  #loaded = $state(false);

  get items(): ProjectFeature[] {
    return this.#items;
  }
  get error(): string | null {
    return this.#error;
  }
  /** True once a first list has come (tests and empty-state text wait for it). */
  get loaded(): boolean {
    return this.#loaded;
  }

  features: ProjectCollection = $derived(forMap(this.#items));

  /** Loads the list the view's filters and date ask for. */
  async load(query: QueryParams = {}): Promise<void> {
    try {
      const page = await unwrap(client.api.projects.$get({ query: { ...query, limit: LIMIT } }));
      this.#items = page.features as ProjectFeature[];
      this.#error = null;
    } catch (e) {
      this.#error = (e as Error).message;
    } finally {
      this.#loaded = true;
    }
  }

  /** One project: as it is now, or as it stood at the end of `asOf`. */
  async get(id: string, asOf: string | null = null): Promise<ProjectFeature> {
    const f = (await unwrap(
      client.api.projects[':id'].$get({ param: { id }, query: asOf ? { asOf } : {} }),
    )) as ProjectFeature;
    if (!asOf) this.#put(f);
    return f;
  }

  async create(input: ProjectCreate): Promise<ProjectFeature> {
    const f = (await unwrap(client.api.projects.$post({ json: input }))) as ProjectFeature;
    this.#put(f);
    return f;
  }

  async update(id: string, patch: ProjectUpdate): Promise<ProjectFeature> {
    const f = (await unwrap(
      client.api.projects[':id'].$patch({ param: { id }, json: patch }),
    )) as ProjectFeature;
    this.#put(f);
    return f;
  }

  async move(id: string, input: ProjectStageMove): Promise<ProjectFeature> {
    const f = (await unwrap(
      client.api.projects[':id'].stage.$post({ param: { id }, json: input }),
    )) as ProjectFeature;
    this.#put(f);
    return f;
  }

  /** Takes a project off the map (archive) or puts it back (restore), with the reason why. */
  async setArchived(id: string, archive: boolean, reason: string, version: number) {
    const route = client.api.projects[':id'];
    const input = { param: { id }, json: { reason, version } };
    const f = (await unwrap(
      archive ? route.archive.$post(input) : route.restore.$post(input),
    )) as ProjectFeature;
    this.#put(f);
    return f;
  }

  async history(id: string): Promise<ProjectHistory> {
    return (await unwrap(
      client.api.projects[':id'].history.$get({ param: { id } }),
    )) as ProjectHistory;
  }

  /** Replaces a project in place or adds it; an archived one leaves the map. */
  #put(feature: ProjectFeature): void {
    const index = this.#items.findIndex((f) => f.id === feature.id);
    if (feature.properties.archived_at) {
      if (index !== -1) this.#items = this.#items.toSpliced(index, 1);
    } else if (index === -1) {
      this.#items = [feature, ...this.#items];
    } else {
      this.#items = this.#items.with(index, feature);
    }
  }
}
