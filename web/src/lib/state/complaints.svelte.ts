/**
 * Petitions (đơn thư) through the API: the calls of `/api/complaints`, for RecordState, and what
 * the map draws of them. A change saved anywhere in the app is counted (`complaintChanges`), so
 * the map's layer, loaded apart from the panel's list, follows it.
 */
import type { FeatureCollection } from 'geojson';
import type {
  Complaint,
  ComplaintCreate,
  ComplaintFeature,
  ComplaintGeometry,
  ComplaintStep,
  ComplaintUpdate,
} from '../../../../server/domain/complaints/complaint.ts';
import { complaintStatusCatalog } from '../../../../server/domain/complaints/complaint-statuses.ts';
import type { StateKind } from '../../../../server/domain/engine/workflow.ts';
import { client, unwrap } from '../api.ts';
import { RecordState, type KindApi } from './record-state.svelte.ts';

const route = client.api.complaints;

/** Petitions saved in this tab: the map's layer reloads when it moves. */
export const complaintChanges = $state({ count: 0 });

const counted = async <T>(write: Promise<T>): Promise<T> => {
  const saved = await write;
  complaintChanges.count++;
  return saved;
};

export const complaintsApi: KindApi<
  ComplaintFeature,
  ComplaintCreate,
  ComplaintUpdate,
  ComplaintStep,
  Complaint
> = {
  list: async (query) =>
    (await unwrap(route.$get({ query: { ...query, limit: '1000' } }))).features,
  get: (id, asOf) => unwrap(route[':id'].$get({ param: { id }, query: asOf ? { asOf } : {} })),
  create: (json) => counted(unwrap(route.$post({ json }))),
  update: (id, json) => counted(unwrap(route[':id'].$patch({ param: { id }, json }))),
  step: (id, json) => counted(unwrap(route[':id'].step.$post({ param: { id }, json }))),
  setArchived: (id, archive, json) => {
    const input = { param: { id }, json };
    return counted(
      unwrap(archive ? route[':id'].archive.$post(input) : route[':id'].restore.$post(input)),
    );
  },
  history: (id) => unwrap(route[':id'].history.$get({ param: { id } })),
};

/**
 * What the map draws of a petition: flat properties (MapLibre flattens nested ones to JSON), and
 * nothing of who sent it (the public reader is never sent that; staff's layer leaves it out too).
 */
export interface ComplaintMapProps {
  id: string;
  type: ComplaintFeature['properties']['type'];
  subject: string;
  status: ComplaintFeature['properties']['status'];
  /** Open, answered (fixed) or closed: the colour. */
  state: StateKind;
  overdue: boolean;
}
export type ComplaintCollection = FeatureCollection<ComplaintGeometry, ComplaintMapProps>;

/** Petitions with a place, as the map draws them; those about no one place have none. */
function forMap(features: ComplaintFeature[]): ComplaintCollection {
  return {
    type: 'FeatureCollection',
    features: features.flatMap((f) => {
      if (!f.geometry) return [];
      const p = f.properties;
      const properties: ComplaintMapProps = {
        id: f.id,
        type: p.type,
        subject: p.subject,
        status: p.status,
        state: complaintStatusCatalog[p.status].kind,
        overdue: p.overdue,
      };
      return [{ type: 'Feature' as const, id: f.id, geometry: f.geometry, properties }];
    }),
  };
}

export class ComplaintsState extends RecordState<
  ComplaintFeature,
  ComplaintCreate,
  ComplaintUpdate,
  ComplaintStep,
  Complaint
> {
  constructor() {
    super(complaintsApi);
  }

  features: ComplaintCollection = $derived(forMap(this.items));
}

export const complaintsState = (): ComplaintsState => new ComplaintsState();
