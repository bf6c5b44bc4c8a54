/** The queue's way to the server: the API client, and a multipart POST for each photo. */
import type { ViolationFeature } from '../../../../server/domain/violation.ts';
import { client, postForm, unwrap } from '../api.ts';
import type { QueuedPhoto } from './outbox-item.ts';
import type { Transport } from './sync.ts';

function photoForm(photo: QueuedPhoto): FormData {
  const form = new FormData();
  form.append('file', photo.file, `${photo.id}.jpg`);
  form.append('thumbnail', photo.thumbnail, `${photo.id}-thumb.jpg`);
  // What the original's EXIF said: the downscaled copy has lost it.
  if (photo.taken_at) form.append('taken_at', photo.taken_at);
  if (photo.position) {
    form.append('lon', String(photo.position[0]));
    form.append('lat', String(photo.position[1]));
  }
  return form;
}

export const apiTransport: Transport = {
  create: async (feature) =>
    (await unwrap(client.api.violations.$post({ json: feature }))) as ViolationFeature,
  note: async (id, text, noteId) =>
    (await unwrap(
      client.api.violations[':id'].notes.$post({ param: { id }, json: { id: noteId, text } }),
    )) as ViolationFeature,
  get: async (id) =>
    (await unwrap(client.api.violations[':id'].$get({ param: { id } }))) as ViolationFeature,
  photo: (id, photo) =>
    postForm<ViolationFeature>(
      `/api/violations/${encodeURIComponent(id)}/photos`,
      photoForm(photo),
    ),
};
