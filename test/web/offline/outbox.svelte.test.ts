/**
 * The device's queue against a server that holds a request without an answer, as a weak phone
 * link does: the held capture is given up at its limit and waits for a retry with a growing wait,
 * the next ones go meanwhile, "Gửi ngay" (sync) retries at once, and a retried report carries the
 * same client id so the server keeps one record. The queue is the real one, on the in-memory
 * store; only the server is a stand-in.
 */
import { afterEach, describe, expect, test, vi } from 'vitest';
import {
  formatClock,
  RETRY_BASE_MS,
  RETRY_CAP_MS,
  retryDelay,
} from '../../../web/src/lib/offline/backoff.ts';
import { reportItem } from '../../../web/src/lib/offline/capture-item.ts';
import type { OutboxItem } from '../../../web/src/lib/offline/outbox-item.ts';
import { memoryOutbox } from '../../../web/src/lib/offline/outbox-store.ts';
import type { SendTimeouts } from '../../../web/src/lib/offline/timeouts.ts';
import { OutboxState } from '../../../web/src/lib/state/outbox.svelte.ts';
import { BY, fakeServer, NOW, photo } from './fake-server.ts';

/** The n-th capture of the morning, with one photo. */
function capture(n: number): OutboxItem {
  return reportItem(
    {
      id: `3f1c6a52-8d0e-4c44-9d4f-00000000000${n}`,
      position: [105.834, 22.147],
      kind: 'sidewalk_encroachment',
      description: `Bày hàng kín vỉa hè, vụ ${n}`,
      address: '',
      violator: null,
      photos: [photo(`p${n}`)],
      observedAt: NOW,
    },
    BY,
    `2026-03-10T02:0${n}:00.000Z`,
  );
}

/** Limits short enough for a test: a held call is given up after 50 ms. */
const SHORT: SendTimeouts = { json: 50, photo: () => 50 };
/** Limits no test reaches: a held call stays in flight until released. */
const LONG: SendTimeouts = { json: 60_000, photo: () => 60_000 };

/** A queue holding these captures (saved while offline), read as the page does at its start. */
async function queueOf(items: OutboxItem[], timeouts = SHORT) {
  const server = fakeServer();
  const store = memoryOutbox();
  for (const item of items) await store.put(item);
  const outbox = new OutboxState({
    store,
    transport: server.transport,
    user: () => BY.id,
    online: () => true,
    onsent: () => {},
    timeouts,
    // The shortest wait the jitter allows: half the full one.
    random: () => 0,
  });
  await outbox.load();
  return { server, store, outbox };
}

const TIMED_OUT = 'Máy chủ không trả lời trong 1 giây (mạng yếu hoặc chập chờn).';

afterEach(() => {
  vi.useRealTimers();
});

describe('a send that gets no answer', () => {
  test('times out: the capture waits again with a backoff, and the next one is sent', async () => {
    const [a, b] = [capture(1), capture(2)];
    const { server, store, outbox } = await queueOf([a, b]);
    server.holdNext('create');
    const before = Date.now();
    await outbox.sync();

    // The held create was aborted at its limit, and the round went on with the next capture.
    expect(server.aborted).toEqual([`create ${a.id}`]);
    expect(server.calls).toEqual([`create ${a.id}`, `create ${b.id}`, 'photo p2']);
    expect(outbox.find(b.id)!.state).toBe('sent');
    const held = outbox.find(a.id)!;
    expect(held.state).toBe('waiting');
    expect(held.backoff).toMatchObject({ failures: 1, reason: TIMED_OUT });
    const wait = Date.parse(held.backoff!.at!) - before;
    expect(wait).toBeGreaterThanOrEqual(RETRY_BASE_MS / 2);
    expect(wait).toBeLessThan(RETRY_BASE_MS / 2 + 1000);
    // What the list shows, in Vietnamese: why, and when it goes again on its own.
    expect(held.error).toBe(
      `${TIMED_OUT} Sẽ tự gửi lại lúc ${formatClock(held.backoff!.at!, 'vi')}.`,
    );
    expect(held.error).toMatch(/lúc \d\d:\d\d:\d\d\.$/);
    // Kept on the device with its wait, for a reload.
    expect((await store.get(a.id))!.backoff).toEqual(held.backoff);
    expect(outbox.pending).toBe(1);
  });

  test('is tried again on its own when its wait is over, and waits longer after each failure', async () => {
    vi.useFakeTimers();
    const a = capture(1);
    const { server, outbox } = await queueOf([a]);
    const stop = outbox.start();
    server.holdNext('create');
    const round = outbox.sync();
    await vi.advanceTimersByTimeAsync(100);
    await round;
    const first = outbox.find(a.id)!.backoff!;
    expect(first.failures).toBe(1);
    expect(Date.parse(first.at!) - Date.now()).toBeLessThanOrEqual(RETRY_BASE_MS / 2);

    // Not before its time; then once, held again.
    server.holdNext('create');
    await vi.advanceTimersByTimeAsync(RETRY_BASE_MS / 2 - 1000);
    expect(server.calls).toEqual([`create ${a.id}`]);
    await vi.advanceTimersByTimeAsync(1100);
    expect(server.calls).toEqual([`create ${a.id}`, `create ${a.id}`]);
    await vi.advanceTimersByTimeAsync(100);
    const second = outbox.find(a.id)!.backoff!;
    expect(second.failures).toBe(2);
    expect(Date.parse(second.at!) - Date.parse(first.at!)).toBeGreaterThanOrEqual(RETRY_BASE_MS);

    // The third try gets its answer.
    await vi.advanceTimersByTimeAsync(RETRY_BASE_MS + 1000);
    expect(outbox.find(a.id)!.state).toBe('sent');
    expect(outbox.find(a.id)!.backoff).toBeNull();
    expect(server.calls).toEqual([
      `create ${a.id}`,
      `create ${a.id}`,
      `create ${a.id}`,
      'photo p1',
    ]);
    stop();
  });

  test('the wait doubles from 15 s, with jitter in its second half, up to a cap', () => {
    expect(retryDelay(1, 0)).toBe(RETRY_BASE_MS / 2);
    expect(retryDelay(1, 0.999)).toBeLessThanOrEqual(RETRY_BASE_MS);
    expect(retryDelay(1, 0.999)).toBeGreaterThan(RETRY_BASE_MS * 0.99);
    expect(retryDelay(2, 0)).toBe(RETRY_BASE_MS);
    expect(retryDelay(3, 0)).toBe(RETRY_BASE_MS * 2);
    expect(retryDelay(20, 0)).toBe(RETRY_CAP_MS / 2);
    expect(retryDelay(20, 0.999)).toBeLessThanOrEqual(RETRY_CAP_MS);
  });
});

describe('one stuck send never holds the others', () => {
  test('"Gửi ngay" sends the next captures beside a send in flight, without aborting it', async () => {
    const [a, b] = [capture(1), capture(2)];
    const { server, outbox } = await queueOf([a, b], LONG);
    const release = server.holdNext('create');
    const first = outbox.sync();
    await vi.waitFor(() => expect(server.calls).toEqual([`create ${a.id}`]));
    expect(outbox.find(a.id)!.state).toBe('sending');

    await outbox.sync();
    expect(outbox.find(b.id)!.state).toBe('sent');
    expect(outbox.find(a.id)!.state).toBe('sending');
    expect(server.aborted).toEqual([]);

    release();
    await first;
    expect(outbox.find(a.id)!.state).toBe('sent');
    expect(server.calls.filter((c) => c === `create ${a.id}`)).toHaveLength(1);
    expect(server.records.size).toBe(2);
  });

  test('a wait that ends while another send hangs is not held back by it', async () => {
    vi.useFakeTimers();
    const wait = (ms: number, failures = 1) => ({
      failures,
      at: new Date(Date.now() + ms).toISOString(),
      reason: 'Không kết nối được máy chủ.',
    });
    const a = { ...capture(1), backoff: wait(1000) };
    const b = { ...capture(2), backoff: wait(5000) };
    const { server, outbox } = await queueOf([a, b], LONG);
    const release = server.holdNext('create');
    const stop = outbox.start();
    await vi.advanceTimersByTimeAsync(1100);
    expect(outbox.find(a.id)!.state).toBe('sending');
    expect(outbox.find(b.id)!.state).toBe('waiting');
    await vi.advanceTimersByTimeAsync(4000);
    expect(outbox.find(b.id)!.state).toBe('sent');
    expect(outbox.find(a.id)!.state).toBe('sending');
    expect(server.aborted).toEqual([]);
    release();
    await vi.advanceTimersByTimeAsync(10);
    expect(outbox.find(a.id)!.state).toBe('sent');
    stop();
  });

  test('a capture saved while another send is held is sent at once', async () => {
    const [a, b] = [capture(1), capture(2)];
    const { server, outbox } = await queueOf([a], LONG);
    const release = server.holdNext('create');
    const first = outbox.sync();
    await vi.waitFor(() => expect(outbox.find(a.id)!.state).toBe('sending'));

    const { outcome } = await outbox.submit(b, 2000);
    expect(outcome.state).toBe('sent');
    expect(outbox.find(a.id)!.state).toBe('sending');
    release();
    await first;
    expect(outbox.find(a.id)!.state).toBe('sent');
  });
});

describe('"Gửi ngay" (send now)', () => {
  test('retries a waiting capture at once, with the same client id: the server keeps one', async () => {
    const a = capture(1);
    const { server, store, outbox } = await queueOf([a]);
    // The server made the record, but its answer never reached the phone.
    server.holdNext('create', { after: true });
    await outbox.sync();
    const waiting = outbox.find(a.id)!;
    expect(waiting.state).toBe('waiting');
    expect(Date.parse(waiting.backoff!.at!)).toBeGreaterThan(Date.now() + 5000);

    await outbox.sync();
    expect(outbox.find(a.id)!.state).toBe('sent');
    expect(server.calls).toEqual([`create ${a.id}`, `create ${a.id}`, 'photo p1']);
    expect(server.records.size).toBe(1);
    expect(server.records.get(a.id)!.properties.photos).toHaveLength(1);
    expect(await store.get(a.id)).toBeUndefined();
  });

  test('a retried photo upload is kept once: the server knows its bytes', async () => {
    const a = capture(1);
    const { server, outbox } = await queueOf([a]);
    server.holdNext('photo', { after: true });
    await outbox.sync();
    expect(outbox.find(a.id)).toMatchObject({ state: 'waiting', created: true });
    await outbox.sync();
    expect(outbox.find(a.id)!.state).toBe('sent');
    expect(server.calls).toEqual([`create ${a.id}`, 'photo p1', 'photo p1']);
    expect(server.records.get(a.id)!.properties.photos).toHaveLength(1);
  });

  test('a sign-in asked for still stops the round, with no wait of its own', async () => {
    const [a, b] = [capture(1), capture(2)];
    const { server, outbox } = await queueOf([a, b]);
    server.failNext.create = { status: 401, after: false };
    await outbox.sync();
    expect(outbox.find(a.id)).toMatchObject({ state: 'waiting', needsSignIn: true, backoff: null });
    expect(outbox.find(b.id)!.state).toBe('waiting');
    expect(server.calls).toEqual([`create ${a.id}`]);
  });
});
