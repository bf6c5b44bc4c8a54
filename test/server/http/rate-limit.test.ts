/** The sign-in failure limiter: a sliding window of failures per key, in memory. */
import { describe, expect, test } from 'vitest';
import { FailureLimiter } from '../../../server/http/rate-limit.ts';

const MINUTE = 60_000;
const WINDOW = 15 * MINUTE;
const T0 = Date.parse('2026-03-10T03:00:00.000Z');

/** The limiter of the sign-in route: 5 failures in 15 minutes. */
const limiter = () => new FailureLimiter(5, WINDOW);

function failTimes(l: FailureLimiter, key: string, ...offsets: number[]): void {
  for (const offset of offsets) l.fail(key, T0 + offset);
}

describe('FailureLimiter', () => {
  test('lets a key try while it has fewer failures than the limit', () => {
    const l = limiter();
    expect(l.retryAfter('account:anh', T0)).toBe(0);
    failTimes(l, 'account:anh', 0, 1, 2, 3);
    expect(l.retryAfter('account:anh', T0 + 4)).toBe(0);
  });

  test('stops a key at the limit until its oldest failure leaves the window', () => {
    const l = limiter();
    failTimes(l, 'account:anh', 0, MINUTE, 2 * MINUTE, 3 * MINUTE, 4 * MINUTE);
    expect(l.retryAfter('account:anh', T0 + 4 * MINUTE)).toBe(11 * MINUTE);
    expect(l.retryAfter('account:anh', T0 + 10 * MINUTE)).toBe(5 * MINUTE);
    expect(l.retryAfter('account:anh', T0 + WINDOW - 1)).toBe(1);
    // The first failure is exactly a window old: it no longer counts.
    expect(l.retryAfter('account:anh', T0 + WINDOW)).toBe(0);
  });

  test('slides: one more failure after the oldest left stops the key until the next one leaves', () => {
    const l = limiter();
    failTimes(l, 'account:anh', 0, MINUTE, 2 * MINUTE, 3 * MINUTE, 4 * MINUTE);
    l.fail('account:anh', T0 + WINDOW);
    expect(l.retryAfter('account:anh', T0 + WINDOW)).toBe(MINUTE);
    expect(l.retryAfter('account:anh', T0 + WINDOW + MINUTE)).toBe(0);
  });

  test('forgets every failure once the window has passed since the last', () => {
    const l = limiter();
    failTimes(l, 'account:anh', 0, 0, 0, 0, 0);
    expect(l.retryAfter('account:anh', T0)).toBe(WINDOW);
    const later = T0 + WINDOW;
    expect(l.retryAfter('account:anh', later)).toBe(0);
    // A fresh start: four more are allowed again, not one.
    for (let i = 0; i < 4; i++) l.fail('account:anh', later);
    expect(l.retryAfter('account:anh', later)).toBe(0);
  });

  test('keeps keys apart', () => {
    const l = limiter();
    failTimes(l, 'account:anh', 0, 0, 0, 0, 0);
    expect(l.retryAfter('account:anh', T0)).toBeGreaterThan(0);
    expect(l.retryAfter('account:binh', T0)).toBe(0);
    expect(l.retryAfter('address:203.0.113.7', T0)).toBe(0);
  });

  test('reset clears a key at once, and only that key', () => {
    const l = limiter();
    failTimes(l, 'account:anh', 0, 0, 0, 0, 0);
    failTimes(l, 'account:binh', 0, 0, 0, 0, 0);
    l.reset('account:anh');
    expect(l.retryAfter('account:anh', T0)).toBe(0);
    expect(l.retryAfter('account:binh', T0)).toBe(WINDOW);
    l.reset('account:nobody');
    expect(l.retryAfter('account:binh', T0)).toBe(WINDOW);
  });

  test('forgive takes back one failure counted at that instant, not the others', () => {
    const l = limiter();
    failTimes(l, 'address:a', 0, MINUTE, MINUTE, 2 * MINUTE, 3 * MINUTE);
    expect(l.retryAfter('address:a', T0 + 3 * MINUTE)).toBe(WINDOW - 3 * MINUTE);
    l.forgive('address:a', T0 + MINUTE);
    expect(l.retryAfter('address:a', T0 + 3 * MINUTE)).toBe(0);
    l.fail('address:a', T0 + 3 * MINUTE);
    // Back at five: the oldest (T0) still counts.
    expect(l.retryAfter('address:a', T0 + 3 * MINUTE)).toBe(WINDOW - 3 * MINUTE);
  });

  test('forgive of an instant never counted, or of an unknown key, changes nothing', () => {
    const l = limiter();
    failTimes(l, 'address:a', 0, 0, 0, 0, 0);
    l.forgive('address:a', T0 + 1);
    l.forgive('address:b', T0);
    expect(l.retryAfter('address:a', T0)).toBe(WINDOW);
    expect(l.retryAfter('address:b', T0)).toBe(0);
  });

  test('the limit and the window are its own: 2 in one minute', () => {
    const l = new FailureLimiter(2, MINUTE);
    l.fail('k', T0);
    expect(l.retryAfter('k', T0)).toBe(0);
    l.fail('k', T0 + 1000);
    expect(l.retryAfter('k', T0 + 1000)).toBe(MINUTE - 1000);
    expect(l.retryAfter('k', T0 + MINUTE)).toBe(0);
  });

  test('a flood of distinct keys is pruned without losing the live ones', () => {
    const l = limiter();
    for (let i = 0; i < 100_001; i++) l.fail(`account:flood-${i}`, T0);
    failTimes(l, 'account:anh', WINDOW, WINDOW, WINDOW, WINDOW, WINDOW);
    // The flood aged out; the live key keeps all its failures.
    expect(l.retryAfter('account:anh', T0 + WINDOW)).toBe(WINDOW);
    expect(l.retryAfter('account:flood-0', T0 + WINDOW)).toBe(0);
  });
});
