/**
 * A capture stays its author's: another user signed in on the same device neither sees it, nor
 * sends, retries or discards it, and a session that changes while it is on its way stops it
 * before its next step. It goes once its author is signed in again.
 */
import { describe, expect, test } from 'vitest';
import { reportItem } from '../../../web/src/lib/offline/capture-item.ts';
import { memoryOutbox } from '../../../web/src/lib/offline/outbox-store.ts';
import { OutboxState } from '../../../web/src/lib/state/outbox.svelte.ts';
import { BY, fakeServer, NOW, photo } from './fake-server.ts';

const OTHER = 'user-2';
const LONG = { json: 60_000, photo: () => 60_000 };

const capture = reportItem(
  {
    id: '3f1c6a52-8d0e-4c44-9d4f-000000000001',
    position: [105.834, 22.147],
    kind: 'sidewalk_encroachment',
    description: 'Bày hàng kín vỉa hè trước chợ',
    address: '',
    violator: null,
    photos: [photo('p1')],
    observedAt: NOW,
  },
  BY,
  '2026-03-10T02:01:00.000Z',
);

/** The device's queue holding the author's capture, with whoever is signed in now. */
async function deviceWith(signedIn: string | null) {
  const server = fakeServer();
  const store = memoryOutbox();
  await store.put(capture);
  // Whoever is signed in, reactive as the session is.
  const who = $state({ id: signedIn });
  const outbox = new OutboxState({
    store,
    transport: server.transport,
    user: () => who.id,
    online: () => true,
    onsent: () => {},
    timeouts: LONG,
  });
  await outbox.load();
  return { server, store, outbox, who };
}

describe('a capture of a user who signed out', () => {
  test('is neither shown nor sent to the next user of the device', async () => {
    const { server, outbox } = await deviceWith(OTHER);
    expect(outbox.items).toEqual([]);
    expect(outbox.pending).toBe(0);
    expect(outbox.pins.features).toEqual([]);
    await outbox.sync();
    await outbox.retry(capture.id);
    expect(server.calls).toEqual([]);
  });

  test('is shown to no one signed out', async () => {
    const { outbox } = await deviceWith(null);
    expect(outbox.items).toEqual([]);
    expect(outbox.pending).toBe(0);
  });

  test('cannot be discarded by the next user', async () => {
    const { store, outbox } = await deviceWith(OTHER);
    await outbox.discard(capture.id);
    expect(await store.get(capture.id)).toBeDefined();
  });

  test('goes once its author signs in again', async () => {
    const { server, store, outbox, who } = await deviceWith(OTHER);
    who.id = BY.id;
    expect(outbox.items.map((i) => i.id)).toEqual([capture.id]);
    await outbox.sync();
    expect(server.calls).toEqual([`create ${capture.id}`, 'photo p1']);
    expect(await store.get(capture.id)).toBeUndefined();
  });

  test('stops before its next step when the session changes on the way', async () => {
    const { server, store, outbox, who } = await deviceWith(BY.id);
    const release = server.holdNext('create', { after: true });
    const sending = outbox.sync();
    await expect.poll(() => server.calls).toEqual([`create ${capture.id}`]);
    // The author signs out and someone else signs in while the report is on its way.
    who.id = OTHER;
    release();
    await sending;
    expect(server.calls).toEqual([`create ${capture.id}`]);
    const kept = (await store.get(capture.id))!;
    expect(kept).toMatchObject({ created: true, state: 'waiting', needsSignIn: true });
    expect(kept.photos[0]!.sent).toBe(false);

    who.id = BY.id;
    await outbox.sync();
    expect(server.calls).toEqual([`create ${capture.id}`, 'photo p1']);
    expect(await store.get(capture.id)).toBeUndefined();
  });
});
