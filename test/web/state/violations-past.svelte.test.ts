/**
 * A record asked for as of a past day while the map loads that day: it is the record as it stood,
 * never today's, whatever order the loads settle in (a load overtaken by another returns without
 * its records, and today's were still in hand). The server is a stand-in for `fetch` whose
 * answers the test releases one by one, so each interleaving is played out exactly.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import type { ViolationsState } from '../../../web/src/lib/state/violations.svelte.ts';

const PAST = '2026-11-27';
const ID = '3f1c2a64-0000-4000-8000-000000000001';

function feature(status: string) {
  return {
    type: 'Feature',
    id: ID,
    geometry: { type: 'Point', coordinates: [105.83, 22.14] },
    properties: { status, photos: [] },
  };
}

/** Requests held until released, each answered with the record as it stands on its day. */
const held: { url: URL; release: () => void }[] = [];

function answer(url: URL): Response {
  const status = url.searchParams.get('asOf') === PAST ? 'reported' : 'verified';
  const body = url.pathname.endsWith(ID)
    ? feature(status)
    : {
        type: 'FeatureCollection',
        features: [feature(status)],
        numberMatched: 1,
        numberReturned: 1,
      };
  return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
}

let State: typeof ViolationsState;

beforeAll(async () => {
  Object.assign(globalThis, { location: { origin: 'http://localhost' } });
  globalThis.fetch = ((input: RequestInfo | URL) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    return new Promise<Response>((resolve) => {
      held.push({ url, release: () => resolve(answer(url)) });
    });
  }) as typeof fetch;
  ({ ViolationsState: State } = await import('../../../web/src/lib/state/violations.svelte.ts'));
});

/** Lets the promises waiting on released answers run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

async function releaseAll(): Promise<void> {
  while (held.length) {
    held.shift()!.release();
    await settle();
  }
}

describe('a past record while the map of that day loads', () => {
  test('a load overtaken by another of the same day is waited past, not read as that day', async () => {
    const state = new State();
    // Today's map, loaded.
    void state.load({});
    await settle();
    await releaseAll();
    expect(state.items.map((f) => f.properties.status)).toEqual(['verified']);

    // The past day is asked for; the page asks for its record; the reader changes (a sign-in
    // seen), which starts the same day's load again before the first one is answered.
    void state.load({ asOf: PAST });
    await settle();
    const record = state.get(ID, PAST);
    await settle();
    void state.load({ asOf: PAST });
    await settle();
    await releaseAll();

    expect((await record).properties.status).toBe('reported');
    expect(state.items.map((f) => f.properties.status)).toEqual(['reported']);
  });

  test('asked before the map has that day, the record is that day’s', async () => {
    const state = new State();
    void state.load({});
    await settle();
    await releaseAll();
    const record = state.get(ID, PAST);
    await settle();
    await releaseAll();
    expect((await record).properties.status).toBe('reported');
  });
});

describe('before the first answer', () => {
  test('the records are not known (not "none") until the server answers the last load asked', async () => {
    const state = new State();
    expect(state.answered).toBe(false);
    void state.load({});
    await settle();
    // The reader changed before the first answer: the first load's answer is not the map's.
    void state.load({ asOf: PAST });
    await settle();
    held.shift()!.release();
    await settle();
    expect(state.answered).toBe(false);
    await releaseAll();
    expect(state.answered).toBe(true);
    expect(state.items.map((f) => f.properties.status)).toEqual(['reported']);
  });
});
