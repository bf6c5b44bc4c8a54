import { describe, expect, test } from 'vitest';
import { additionItem, reportItem } from '../../../web/src/lib/offline/capture-item.ts';
import type { OutboxItem, QueuedPhoto } from '../../../web/src/lib/offline/outbox-item.ts';
import { classify, send, SendTimeout, type Transport } from '../../../web/src/lib/offline/sync.ts';
import {
  DEFAULT_TIMEOUTS,
  deviceTimeouts,
  JSON_TIMEOUT_MS,
  PHOTO_BASE_TIMEOUT_MS,
  PHOTO_MAX_TIMEOUT_MS,
  photoTimeout,
  type SendTimeouts,
} from '../../../web/src/lib/offline/timeouts.ts';
import { BY, fakeServer, NOW, photo, Refusal } from './fake-server.ts';

function report(photos: QueuedPhoto[]): OutboxItem {
  return reportItem(
    {
      id: '3f1c6a52-8d0e-4c44-9d4f-1f8f5b0d2a11',
      position: [105.834, 22.147],
      kind: 'sidewalk_encroachment',
      description: 'Bày hàng kín vỉa hè',
      address: '',
      violator: null,
      photos,
      observedAt: NOW,
    },
    BY,
    NOW,
  );
}

/** Sends once, keeping what was saved after each step, as the queue does across retries. */
async function sendAndKeep(item: OutboxItem, transport: Transport, timeouts?: SendTimeouts) {
  let saved = item;
  const outcome = await send(item, transport, async (i) => void (saved = i), timeouts);
  return { outcome, saved };
}

/** Short limits, so a held call is given up within the test. */
const SHORT: SendTimeouts = { json: 40, photo: () => 60 };

describe('sending a queued capture', () => {
  test('creates the report with its client id, then attaches each photo once', async () => {
    const server = fakeServer();
    const item = report([photo('p1'), photo('p2')]);
    const { outcome, saved } = await sendAndKeep(item, server.transport);
    expect(outcome.state).toBe('sent');
    expect(server.calls).toEqual([`create ${item.id}`, 'photo p1', 'photo p2']);
    expect(saved.created).toBe(true);
    expect(saved.photos.every((p) => p.sent)).toBe(true);
    expect(server.records.get(item.id)!.properties.photos).toHaveLength(2);
  });

  test('after a lost answer, a retry keeps one record and one copy of each photo', async () => {
    const server = fakeServer();
    const item = report([photo('p1'), photo('p2')]);
    // The server made the record, but the phone lost the answer (status 0: offline).
    server.failNext.create = { status: 0, after: true };
    const first = await sendAndKeep(item, server.transport);
    expect(first.outcome).toMatchObject({ state: 'waiting', signIn: false });
    expect(first.saved.created).toBe(false);
    // Then the answer to the second photo is lost the same way.
    server.failNext.photo = { status: 0, after: true };
    const second = await sendAndKeep(first.saved, server.transport);
    expect(second.outcome.state).toBe('waiting');
    expect(second.saved.created).toBe(true);
    const third = await sendAndKeep(second.saved, server.transport);
    expect(third.outcome.state).toBe('sent');
    // Sent twice each, kept once each: the server knows the record's id and the photos' bytes.
    expect(server.calls.filter((c) => c.startsWith('create'))).toHaveLength(2);
    expect(server.calls.filter((c) => c === 'photo p1')).toHaveLength(2);
    expect(server.records.size).toBe(1);
    expect(server.records.get(item.id)!.properties.photos).toHaveLength(2);
  });

  test('a photo that failed midway is the only thing sent again', async () => {
    const server = fakeServer();
    server.failNext.photo = { status: 503, after: false };
    const first = await sendAndKeep(report([photo('p1'), photo('p2')]), server.transport);
    // p1 failed before the server took it: the record is there, both photos still to send.
    expect(first.outcome).toMatchObject({ state: 'waiting' });
    expect(first.saved.created).toBe(true);
    server.calls.length = 0;
    const second = await sendAndKeep(first.saved, server.transport);
    expect(second.outcome.state).toBe('sent');
    expect(server.calls).toEqual(['photo p1', 'photo p2']);
  });

  test('a sign-in asked for keeps the item waiting, with what was done', async () => {
    const server = fakeServer();
    server.failNext.photo = { status: 401, after: false };
    const { outcome, saved } = await sendAndKeep(report([photo('p1')]), server.transport);
    expect(outcome).toMatchObject({ state: 'waiting', signIn: true });
    expect(saved.created).toBe(true);
    expect(saved.photos[0]!.sent).toBe(false);
  });

  test('a refusal of the report fails the item with the server’s message', async () => {
    const server = fakeServer();
    server.failNext.create = { status: 422, after: false };
    const { outcome, saved } = await sendAndKeep(report([photo('p1')]), server.transport);
    expect(outcome).toEqual({ state: 'failed', message: 'create refused (422)', photo: null });
    expect(saved.created).toBe(false);
    expect(server.records.size).toBe(0);
  });

  test('a refused photo is named, so the user can leave it out', async () => {
    const server = fakeServer();
    server.failNext.photo = { status: 415, after: false };
    const { outcome } = await sendAndKeep(report([photo('p1')]), server.transport);
    expect(outcome).toEqual({ state: 'failed', message: 'photo refused (415)', photo: 'p1' });
  });

  test('a note whose answer was lost is not added a second time', async () => {
    const server = fakeServer();
    await sendAndKeep(report([]), server.transport);
    const caseId = report([]).violationId;
    const addition = additionItem(
      {
        id: 'addition-1',
        target: { id: caseId, kind: 'sidewalk_encroachment', description: 'x' },
        note: '  Vẫn tiếp diễn  ',
        photos: [photo('p9')],
      },
      BY,
      NOW,
    );
    server.failNext.note = { status: 0, after: true };
    const lost = await sendAndKeep(addition, server.transport);
    expect(lost.outcome.state).toBe('waiting');
    expect(lost.saved.noteSent).toBe(false);
    const retry = await sendAndKeep(lost.saved, server.transport);
    expect(retry.outcome.state).toBe('sent');
    expect(server.records.get(caseId)!.properties.notes.map((n) => n.text)).toEqual([
      'Vẫn tiếp diễn',
    ]);
    expect(server.records.get(caseId)!.properties.photos).toHaveLength(1);
  });
});

describe('a send with no answer', () => {
  test('a held create is given up at its limit, its request aborted; the retry keeps one record', async () => {
    const server = fakeServer();
    const item = report([photo('p1')]);
    // The server made the record, but its answer never comes back.
    server.holdNext('create', { after: true });
    const started = Date.now();
    const first = await sendAndKeep(item, server.transport, SHORT);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(first.outcome).toEqual({
      state: 'waiting',
      signIn: false,
      message: 'create: no answer within 40 ms',
      timedOutMs: 40,
    });
    expect(server.aborted).toEqual([`create ${item.id}`]);
    expect(first.saved.created).toBe(false);
    const retry = await sendAndKeep(first.saved, server.transport, SHORT);
    expect(retry.outcome.state).toBe('sent');
    // Both creates carried the report's client id: the server kept one record, one photo.
    expect(server.calls).toEqual([`create ${item.id}`, `create ${item.id}`, 'photo p1']);
    expect(server.records.size).toBe(1);
    expect(server.records.get(item.id)!.properties.photos).toHaveLength(1);
  });

  test('a transport that ignores the abort is given up all the same', async () => {
    const server = fakeServer();
    server.holdNext('create', { heed: false });
    const { outcome } = await sendAndKeep(report([]), server.transport, SHORT);
    expect(outcome).toMatchObject({ state: 'waiting', timedOutMs: 40 });
  });

  test('a held photo upload waits for a retry; the photos already sent stay sent', async () => {
    const server = fakeServer();
    server.holdNext('photo');
    const first = await sendAndKeep(report([photo('p1'), photo('p2')]), server.transport, SHORT);
    // A photo that timed out is not a refused photo: nothing to leave out, just try again.
    expect(first.outcome).toMatchObject({ state: 'waiting', timedOutMs: 60 });
    expect(first.saved.created).toBe(true);
    expect(first.saved.photos.map((p) => p.sent)).toEqual([false, false]);
    server.calls.length = 0;
    expect((await sendAndKeep(first.saved, server.transport, SHORT)).outcome.state).toBe('sent');
    expect(server.calls).toEqual(['photo p1', 'photo p2']);
  });

  test('the limits: 30 s for JSON, a photo’s grows with its size up to a cap', () => {
    expect(DEFAULT_TIMEOUTS.json).toBe(JSON_TIMEOUT_MS);
    expect(JSON_TIMEOUT_MS).toBe(30_000);
    const small = photoTimeout(photo('s', 'x'.repeat(1_000)));
    const large = photoTimeout(photo('l', 'x'.repeat(400_000)));
    expect(small).toBeGreaterThan(PHOTO_BASE_TIMEOUT_MS);
    expect(large).toBeGreaterThan(small + 45_000);
    const huge = { file: new Blob([new Uint8Array(3_000_000)]), thumbnail: new Blob([]) };
    expect(photoTimeout(huge)).toBe(PHOTO_MAX_TIMEOUT_MS);
    // With no setting on the device (Node has no localStorage here), the defaults.
    expect(deviceTimeouts()).toBe(DEFAULT_TIMEOUTS);
  });
});

describe('what an error means for the queue', () => {
  test.each([
    [0, 'waiting'],
    [408, 'waiting'],
    [429, 'waiting'],
    [500, 'waiting'],
    [503, 'waiting'],
    [401, 'waiting'],
    [400, 'failed'],
    [403, 'failed'],
    [404, 'failed'],
    [413, 'failed'],
    [422, 'failed'],
  ])('status %i: %s', (status, state) => {
    expect(classify(new Refusal(status, 'why')).state).toBe(state);
  });

  test('a send that had no answer in time waits, saying which limit ran out', () => {
    expect(classify(new SendTimeout('photo', 80_000))).toMatchObject({
      state: 'waiting',
      signIn: false,
      timedOutMs: 80_000,
    });
  });

  test('an error without a status (a thrown TypeError) is taken as the network', () => {
    expect(classify(new TypeError('Failed to fetch'))).toMatchObject({ state: 'waiting' });
  });
});
