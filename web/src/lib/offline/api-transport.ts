/**
 * The queue's way to the server: the API client, and a multipart POST for each photo. Every call
 * takes the signal that aborts it when its time is up (see sync.ts).
 */
import type { ClientResponse } from 'hono/client';
import type { ViolationFeature } from '../../../../server/domain/violations/violation.ts';
import { client, unwrap } from '../api.ts';
import { locale } from '../i18n/locale.svelte.ts';
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

/** A photo's multipart POST, answered and refused like every other call, and abortable. */
function postPhoto(id: string, photo: QueuedPhoto, signal?: AbortSignal) {
  const request = fetch(`/api/violations/${encodeURIComponent(id)}/photos`, {
    method: 'POST',
    body: photoForm(photo),
    headers: { 'Accept-Language': locale.acceptLanguage },
    signal,
  });
  return unwrap(request as unknown as Promise<ClientResponse<ViolationFeature>>);
}

export const apiTransport: Transport = {
  create: async (feature, signal) =>
    (await unwrap(
      client.api.violations.$post({ json: feature }, { init: { signal } }),
    )) as ViolationFeature,
  note: async (id, text, noteId, signal) =>
    (await unwrap(
      client.api.violations[':id'].notes.$post(
        { param: { id }, json: { id: noteId, text } },
        { init: { signal } },
      ),
    )) as ViolationFeature,
  get: async (id, signal) =>
    (await unwrap(
      client.api.violations[':id'].$get({ param: { id }, query: {} }, { init: { signal } }),
    )) as ViolationFeature,
  photo: postPhoto,
};
