import { describe, expect, test } from 'vitest';
import {
  exportMonth,
  monthOf,
  monthsBetween,
  nextMonth,
  previousMonth,
} from '../../../server/domain/month.ts';

/** 2026-03-10 10:00 in Asia/Ho_Chi_Minh. */
const NOW = new Date('2026-03-10T03:00:00.000Z');

describe('the month of an export', () => {
  test('its bounds are the local month, Asia/Ho_Chi_Minh (UTC+7)', () => {
    const checked = exportMonth('2026-02', NOW);
    expect(checked).toEqual({
      ok: true,
      month: {
        id: '2026-02',
        since: '2026-01-31T17:00:00.000Z',
        until: '2026-02-28T17:00:00.000Z',
        lastDay: '2026-02-28',
        judgedOn: '2026-02-28',
        final: true,
      },
    });
  });

  test('January starts on the last evening of December (UTC); a leap February has 29 days', () => {
    const january = exportMonth('2026-01', NOW);
    expect(january.ok && january.month.since).toBe('2025-12-31T17:00:00.000Z');
    const leap = exportMonth('2024-02', NOW);
    expect(leap.ok && leap.month.lastDay).toBe('2024-02-29');
  });

  test('the current month is not final; a month not yet begun is refused', () => {
    const march = exportMonth('2026-03', NOW);
    expect(march.ok && march.month.final).toBe(false);
    // Its deadlines are judged today, not on the 31st it has not reached.
    expect(march.ok && march.month.judgedOn).toBe('2026-03-10');
    expect(march.ok && march.month.lastDay).toBe('2026-03-31');
    expect(exportMonth('2026-04', NOW)).toEqual({ ok: false, reason: 'future' });
  });

  test('the month turns at local midnight, not UTC midnight', () => {
    // 2026-03-31T17:00Z is already 1 April, 00:00 local.
    const april = exportMonth('2026-03', new Date('2026-03-31T17:00:00.000Z'));
    expect(april.ok && april.month.final).toBe(true);
    expect(monthOf(new Date('2026-03-31T16:59:59.999Z'))).toBe('2026-03');
  });

  test.each(['2026-13', '2026-00', '2026-2', '26-02', '2026-02-01', '', '2026_02'])(
    'refuses "%s" as not a month',
    (id) => {
      expect(exportMonth(id, NOW)).toEqual({ ok: false, reason: 'format' });
    },
  );

  test('refuses months before 2000', () => {
    expect(exportMonth('1999-12', NOW)).toEqual({ ok: false, reason: 'too_early' });
  });

  test('steps across years', () => {
    expect(previousMonth('2026-01')).toBe('2025-12');
    expect(nextMonth('2025-12')).toBe('2026-01');
    expect(monthsBetween('2025-11', '2026-02')).toEqual([
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
    ]);
    expect(monthsBetween('2026-03', '2026-02')).toEqual([]);
  });
});
