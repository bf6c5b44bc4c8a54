import { describe, expect, test } from 'vitest';
import type { ViolationCreate, ViolationFeature } from '../../../server/domain/violation.ts';
import { additionItem, reportItem } from '../../../web/src/lib/offline/capture-item.ts';
import type { OutboxItem, QueuedPhoto } from '../../../web/src/lib/offline/outbox-item.ts';
import { classify, send, type Transport } from '../../../web/src/lib/offline/sync.ts';

const BY = { id: 'user-1', name: 'Nông Văn Tú' };
const NOW = '2026-03-10T02:00:00.000Z';

function photo(id: string): QueuedPhoto {
  return {
    id,
    file: new Blob([id]),
    thumbnail: new Blob([`${id}-thumb`]),
    taken_at: null,
    position: null,
    sent: false,
  };
}

class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A server as the real one behaves: a create with a known id answers the record it has, a note
 * or a photo already attached (same note id, same bytes) is not attached again. `failNext` makes the next call
 * of a kind fail, optionally after the server did the work (the answer lost on the way back).
 */
function fakeServer() {
  const records = new Map<string, ViolationFeature>();
  const calls: string[] = [];
  const failNext: Partial<Record<'create' | 'note' | 'photo', { status: number; after: boolean }>> =
    {};
  const maybeFail = (kind: 'create' | 'note' | 'photo', when: 'before' | 'after') => {
    const f = failNext[kind];
    if (f && f.after === (when === 'after')) {
      delete failNext[kind];
      throw new Refusal(f.status, `${kind} refused (${f.status})`);
    }
  };
  const record = (id: string) => {
    const r = records.get(id);
    if (!r) throw new Refusal(404, 'not found');
    return r;
  };
  const transport: Transport = {
    async create(input: ViolationCreate) {
      calls.push(`create ${input.id}`);
      maybeFail('create', 'before');
      if (!records.has(input.id!)) {
        records.set(input.id!, {
          type: 'Feature',
          id: input.id!,
          geometry: input.geometry as unknown as ViolationFeature['geometry'],
          properties: { notes: [], photos: [] } as unknown as ViolationFeature['properties'],
        });
      }
      maybeFail('create', 'after');
      return record(input.id!);
    },
    async note(id, text, noteId) {
      calls.push(`note ${id}`);
      maybeFail('note', 'before');
      const r = record(id);
      if (!r.properties.notes.some((n) => n.id === noteId)) {
        r.properties.notes.push({ id: noteId, text, at: NOW, by: BY.id });
      }
      maybeFail('note', 'after');
      return r;
    },
    async photo(id, p) {
      calls.push(`photo ${p.id}`);
      maybeFail('photo', 'before');
      const r = record(id);
      if (!r.properties.photos.some((x) => x.sha256 === p.id)) {
        r.properties.photos.push({ sha256: p.id } as ViolationFeature['properties']['photos'][0]);
      }
      maybeFail('photo', 'after');
      return r;
    },
    async get(id) {
      calls.push(`get ${id}`);
      return record(id);
    },
  };
  return { records, calls, failNext, transport };
}

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

/** Sends until the outcome is not "try again later", as the queue does across retries. */
async function sendAndKeep(item: OutboxItem, transport: Transport) {
  let saved = item;
  const outcome = await send(item, transport, async (i) => void (saved = i));
  return { outcome, saved };
}

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

  test('an error without a status (a thrown TypeError) is taken as the network', () => {
    expect(classify(new TypeError('Failed to fetch'))).toMatchObject({ state: 'waiting' });
  });
});
