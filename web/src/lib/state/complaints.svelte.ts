/** Petitions (đơn thư) through the API: the calls of `/api/complaints`, for RecordState. */
import type {
  Complaint,
  ComplaintCreate,
  ComplaintFeature,
  ComplaintStep,
  ComplaintUpdate,
} from '../../../../server/domain/complaints/complaint.ts';
import { client, unwrap } from '../api.ts';
import { RecordState, type KindApi } from './record-state.svelte.ts';

const route = client.api.complaints;

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
  create: (json) => unwrap(route.$post({ json })),
  update: (id, json) => unwrap(route[':id'].$patch({ param: { id }, json })),
  step: (id, json) => unwrap(route[':id'].step.$post({ param: { id }, json })),
  setArchived: (id, archive, json) => {
    const input = { param: { id }, json };
    return unwrap(archive ? route[':id'].archive.$post(input) : route[':id'].restore.$post(input));
  },
  history: (id) => unwrap(route[':id'].history.$get({ param: { id } })),
};

export type ComplaintsState = RecordState<
  ComplaintFeature,
  ComplaintCreate,
  ComplaintUpdate,
  ComplaintStep,
  Complaint
>;

export const complaintsState = (): ComplaintsState => new RecordState(complaintsApi);
