/**
 * The parts of the read limits on their own: the token buckets (and their bounded memory), the
 * gate of expensive reads, which client a request is from, what makes a read expensive, and the
 * settings read from the environment.
 */
import { describe, expect, test } from 'vitest';
import { Hono } from 'hono';
import { readConfig } from '../../../server/config.ts';
import { addressKey, clientAddress } from '../../../server/http/client-address.ts';
import { Gate, TokenBuckets } from '../../../server/http/rate-limit.ts';
import { DEFAULT_READ_LIMITS, readShape } from '../../../server/http/read-limits.ts';

const MINUTE = 60_000;
const T0 = Date.parse('2026-03-10T03:00:00.000Z');

describe('TokenBuckets', () => {
  test('a key spends up to a minute of units at once, then one more as each comes back', () => {
    const b = new TokenBuckets(6);
    for (let i = 0; i < 6; i++) expect(b.take('a', 1, T0)).toBe(0);
    // 6 a minute: one every 10 s.
    expect(b.take('a', 1, T0)).toBe(10_000);
    expect(b.take('a', 1, T0 + 4_000)).toBe(6_000);
    expect(b.take('a', 1, T0 + 10_000)).toBe(0);
    expect(b.take('a', 1, T0 + 10_000)).toBe(10_000);
  });

  test('a refused request spends nothing', () => {
    const b = new TokenBuckets(6);
    expect(b.take('a', 5, T0)).toBe(0);
    expect(b.take('a', 5, T0)).toBe(40_000);
    expect(b.take('a', 1, T0)).toBe(0);
  });

  test('a costly request spends its units; one costing more than a full bucket takes the full bucket', () => {
    const b = new TokenBuckets(10);
    expect(b.take('a', 4, T0)).toBe(0);
    expect(b.take('a', 4, T0)).toBe(0);
    expect(b.take('a', 4, T0)).toBe(12_000);
    const big = new TokenBuckets(10);
    expect(big.take('a', 50, T0)).toBe(0);
    expect(big.take('a', 1, T0)).toBe(6_000);
    expect(big.take('a', 50, T0 + MINUTE)).toBe(0);
  });

  test('keeps keys apart, and a bucket never fills past a minute of units', () => {
    const b = new TokenBuckets(2);
    b.take('a', 2, T0);
    expect(b.take('b', 2, T0)).toBe(0);
    expect(b.take('a', 1, T0)).toBeGreaterThan(0);
    // An hour idle still gives two, not 120.
    expect(b.take('a', 2, T0 + 60 * MINUTE)).toBe(0);
    expect(b.take('a', 1, T0 + 60 * MINUTE)).toBe(30_000);
  });

  test('bounded memory: a flood of distinct keys never holds more than maxKeys', () => {
    const b = new TokenBuckets(10, 1000);
    let largest = 0;
    for (let i = 0; i < 20_000; i++) {
      b.take(`flood-${i}`, 1, T0 + i);
      largest = Math.max(largest, b.size);
    }
    expect(largest).toBeLessThanOrEqual(1000);
    expect(b.size).toBeGreaterThan(0);
  });

  test('pruning drops the keys whose bucket is full again first, even a spent key used before them', () => {
    const b = new TokenBuckets(5, 100);
    // The least recently used key, and spent: it needs a minute to be full again.
    b.take('spent', 5, T0);
    // 99 keys that spent one unit each: full again 12 s later (as good as forgotten).
    for (let i = 0; i < 99; i++) b.take(`old-${i}`, 1, T0 + 1_000);
    const later = T0 + 13_000;
    for (let i = 0; i < 50; i++) b.take(`new-${i}`, 1, later);
    expect(b.size).toBeLessThanOrEqual(100);
    // The spent key is remembered: 13 s brought back only about one unit of five.
    expect(b.take('spent', 5, later)).toBeGreaterThan(40_000);
  });

  test('still full of keys in use, the least recently used go', () => {
    const b = new TokenBuckets(5, 10);
    b.take('first', 5, T0);
    for (let i = 0; i < 10; i++) b.take(`k-${i}`, 5, T0);
    expect(b.size).toBeLessThanOrEqual(10);
    // `first` was the least recently used: forgotten, it starts with a full bucket.
    expect(b.take('first', 5, T0)).toBe(0);
    // The most recent are remembered.
    expect(b.take('k-9', 1, T0)).toBeGreaterThan(0);
  });

  test('refuses a rate of 0 (no limit is no bucket at all)', () => {
    expect(() => new TokenBuckets(0)).toThrow();
  });
});

describe('Gate', () => {
  test('lets atOnce in; more are refused at once when they will not wait', async () => {
    const g = new Gate(2);
    const a = await g.enter(0);
    const b = await g.enter(0);
    expect(a).not.toBeNull();
    expect(b).not.toBeNull();
    expect(await g.enter(0)).toBeNull();
    expect(g.inside).toBe(2);
    a!();
    // Leaving twice frees one place only.
    a!();
    expect(g.inside).toBe(1);
    expect(await g.enter(0)).not.toBeNull();
    expect(g.inside).toBe(2);
  });

  test('one waiting enters in turn when a place frees, in the order they came', async () => {
    const g = new Gate(1);
    const held = (await g.enter(0))!;
    const order: string[] = [];
    const first = g.enter(1000).then((leave) => (order.push('first'), leave));
    const second = g.enter(1000).then((leave) => (order.push('second'), leave));
    expect(g.waiting).toBe(2);
    held();
    const leaveFirst = (await first)!;
    expect(order).toEqual(['first']);
    expect(g.inside).toBe(1);
    leaveFirst();
    (await second)!();
    expect(order).toEqual(['first', 'second']);
    expect(g.inside).toBe(0);
  });

  test('a waiter not let in within its time gets null and leaves the queue', async () => {
    const g = new Gate(1);
    const held = (await g.enter(0))!;
    const started = Date.now();
    expect(await g.enter(30)).toBeNull();
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    expect(g.waiting).toBe(0);
    held();
    expect(g.inside).toBe(0);
  });

  test('no more than maxWaiting wait: the next is refused at once', async () => {
    const g = new Gate(1, 1);
    const held = (await g.enter(0))!;
    const waiting = g.enter(1000);
    expect(await g.enter(1000)).toBeNull();
    held();
    (await waiting)!();
  });

  test('a newcomer does not pass those already waiting', async () => {
    const g = new Gate(1);
    const held = (await g.enter(0))!;
    const waiting = g.enter(1000);
    held();
    // The place freed is the waiter's: a newcomer that will not wait is refused.
    expect(await g.enter(0)).toBeNull();
    (await waiting)!();
  });
});

/** A context with the given headers, and a socket address when one is given. */
async function addressOf(
  trusted: number,
  headers: Record<string, string>,
  socket?: string,
): Promise<string> {
  const app = new Hono().get('/', (c) => c.text(clientAddress(c, trusted)));
  const env = socket ? { incoming: { socket: { remoteAddress: socket } } } : undefined;
  return (await app.request('/', { headers }, env)).text();
}

describe('client address', () => {
  test("the socket's address; 'local' without a socket (app.request)", async () => {
    expect(await addressOf(0, {}, '203.0.113.7')).toBe('203.0.113.7');
    expect(await addressOf(0, {})).toBe('local');
  });

  test('X-Forwarded-For is ignored without trusted proxies', async () => {
    expect(await addressOf(0, { 'x-forwarded-for': '198.51.100.1' }, '203.0.113.7')).toBe(
      '203.0.113.7',
    );
  });

  test('with n trusted proxies, the n-th address from the right; what a client wrote before is not believed', async () => {
    const xff = { 'x-forwarded-for': '10.9.9.9, 198.51.100.1, 192.0.2.5' };
    expect(await addressOf(1, xff, '127.0.0.1')).toBe('192.0.2.5');
    expect(await addressOf(2, xff, '127.0.0.1')).toBe('198.51.100.1');
    // No header (a request to the app itself): the socket.
    expect(await addressOf(1, {}, '127.0.0.1')).toBe('127.0.0.1');
  });

  test('an IPv6 client is counted by its /64, an IPv4 one written as IPv6 as IPv4', () => {
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:DB8:1:2::9')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('2001:0db8:0001:0003::1%eth0')).toBe('2001:db8:1:3::/64');
    expect(addressKey('local')).toBe('local');
  });
});

describe('readShape', () => {
  const AREA = [105.7, 22.05, 105.95, 22.25] as const;
  const shape = (query: Record<string, string>, path = '/api/violations') =>
    readShape(path, (name) => query[name], { anonymousPageMax: 500 }, AREA);

  test.each([
    [{}, false],
    [{ limit: '500' }, false],
    [{ limit: '501' }, true],
    [{ q: 'l' }, true],
    [{ q: '  ' }, false],
    [{ q: 'l', bbox: '-180,-90,180,90' }, true],
    [{ q: 'l', bbox: '105.7,22.05,105.85,22.25' }, true],
    [{ q: 'l', bbox: '105.83,22.14,105.84,22.15' }, false],
    [{ bbox: '-180,-90,180,90', limit: '500' }, false],
  ])('%o is expensive: %s', (query, expensive) => {
    expect(shape(query)).toEqual({ expensive, pageOver: null });
  });

  test('a page over the cap of a bbox or at an offset is over; the whole list is not', () => {
    expect(shape({ bbox: '105.83,22.14,105.84,22.15', limit: '501' }).pageOver).toBe(501);
    expect(shape({ offset: '500', limit: '1000' }).pageOver).toBe(1000);
    expect(shape({ offset: '0', limit: '5000' }).pageOver).toBeNull();
    expect(shape({ limit: 'x' }).pageOver).toBeNull();
  });

  test('other paths are plain reads', () => {
    expect(shape({ q: 'l', limit: '5000' }, '/api/projects')).toEqual({
      expensive: false,
      pageOver: null,
    });
    expect(shape({ q: 'l' }, '/api/violations/clusters')).toEqual({
      expensive: false,
      pageOver: null,
    });
  });
});

describe('read limit settings', () => {
  test('defaults', () => {
    expect(readConfig({}).readLimits).toEqual(DEFAULT_READ_LIMITS);
    expect(DEFAULT_READ_LIMITS).toEqual({
      anonymousPerMinute: 600,
      tokenPerMinute: 6000,
      expensiveCost: 20,
      expensiveAtOnce: 1,
      expensiveWaitMs: 3000,
      anonymousPageMax: 500,
      trustProxy: 0,
    });
  });

  test('from the environment', () => {
    const config = readConfig({
      READ_RATE_ANONYMOUS: '120',
      READ_RATE_TOKEN: '0',
      READ_COST_EXPENSIVE: '10',
      EXPENSIVE_READS_AT_ONCE: '4',
      EXPENSIVE_READ_WAIT_MS: '0',
      ANONYMOUS_PAGE_MAX: '1000',
      TRUST_PROXY: '2',
    });
    expect(config.readLimits).toEqual({
      anonymousPerMinute: 120,
      tokenPerMinute: 0,
      expensiveCost: 10,
      expensiveAtOnce: 4,
      expensiveWaitMs: 0,
      anonymousPageMax: 1000,
      trustProxy: 2,
    });
    expect(readConfig({ TRUST_PROXY: 'true' }).readLimits.trustProxy).toBe(1);
    expect(readConfig({ TRUST_PROXY: 'false' }).readLimits.trustProxy).toBe(0);
  });

  test.each([
    ['READ_RATE_ANONYMOUS', '-1'],
    ['READ_RATE_TOKEN', 'lots'],
    ['READ_COST_EXPENSIVE', '0'],
    ['EXPENSIVE_READS_AT_ONCE', '0'],
    ['EXPENSIVE_READ_WAIT_MS', '1.5'],
    ['ANONYMOUS_PAGE_MAX', '5001'],
    ['ANONYMOUS_PAGE_MAX', '50'],
    ['TRUST_PROXY', 'yes'],
  ])('refuses %s=%s, naming it', (name, value) => {
    expect(() => readConfig({ [name]: value })).toThrow(name);
  });
});
