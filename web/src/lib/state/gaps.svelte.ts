/** The criteria gaps the map and the list show, and every write to them: one place for the API. */
import type { FeatureCollection } from 'geojson';
import type {
  Gap,
  GapCreate,
  GapGeometry,
  GapStatusMove,
  GapUpdate,
} from '../../../../server/domain/gaps/gap.ts';
import type { VersionEntry } from '../../../../server/store/store.ts';
import { client, unwrap } from '../api.ts';
import type { QueryParams } from './view.svelte.ts';
import type { UserNames } from './violations.svelte.ts';

export interface GapHistory {
  versions: VersionEntry<Gap>[];
  users: UserNames;
}

/** What the map draws of a gap: flat properties (MapLibre flattens nested ones to JSON). */
export interface GapMapProps {
  id: string;
  title: string;
  standard: string;
  status: Gap['properties']['status'];
}
export type GapCollection = FeatureCollection<GapGeometry, GapMapProps>;

const LIMIT = '1000';

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

export class GapsState {
  #items = $state.raw<Gap[]>([]);
  #error = $state<string | null>(null);

  get items(): Gap[] {
    return this.#items;
  }
  get error(): string | null {
    return this.#error;
  }

  features: GapCollection = $derived(forMap(this.#items));

  async load(query: QueryParams = {}): Promise<void> {
    try {
      const page = await unwrap(client.api.gaps.$get({ query: { ...query, limit: LIMIT } }));
      this.#items = page.features as Gap[];
      this.#error = null;
    } catch (e) {
      this.#error = (e as Error).message;
    }
  }

  /** One gap: as it is now, or as it stood at the end of `asOf`. */
  async get(id: string, asOf: string | null = null): Promise<Gap> {
    const g = (await unwrap(
      client.api.gaps[':id'].$get({ param: { id }, query: asOf ? { asOf } : {} }),
    )) as Gap;
    if (!asOf) this.#put(g);
    return g;
  }

  async create(input: GapCreate): Promise<Gap> {
    const g = (await unwrap(client.api.gaps.$post({ json: input }))) as Gap;
    this.#put(g);
    return g;
  }

  async update(id: string, patch: GapUpdate): Promise<Gap> {
    const g = (await unwrap(client.api.gaps[':id'].$patch({ param: { id }, json: patch }))) as Gap;
    this.#put(g);
    return g;
  }

  async move(id: string, input: GapStatusMove): Promise<Gap> {
    const g = (await unwrap(
      client.api.gaps[':id'].status.$post({ param: { id }, json: input }),
    )) as Gap;
    this.#put(g);
    return g;
  }

  /** Takes a gap off the map (archive) or puts it back (restore), with the reason why. */
  async setArchived(id: string, archive: boolean, reason: string, version: number): Promise<Gap> {
    const route = client.api.gaps[':id'];
    const input = { param: { id }, json: { reason, version } };
    const g = (await unwrap(
      archive ? route.archive.$post(input) : route.restore.$post(input),
    )) as Gap;
    this.#put(g);
    return g;
  }

  async history(id: string): Promise<GapHistory> {
    return (await unwrap(client.api.gaps[':id'].history.$get({ param: { id } }))) as GapHistory;
  }

  #put(gap: Gap): void {
    const index = this.#items.findIndex((g) => g.id === gap.id);
    if (gap.properties.archived_at) {
      if (index !== -1) this.#items = this.#items.toSpliced(index, 1);
    } else if (index === -1) {
      this.#items = [gap, ...this.#items];
    } else {
      this.#items = this.#items.with(index, gap);
    }
  }
}
