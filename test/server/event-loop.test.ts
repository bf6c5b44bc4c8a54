import { describe, expect, test } from 'vitest';
import { mapInTurns } from '../../server/event-loop.ts';

describe('mapInTurns', () => {
  test('answers what map answers, in order', async () => {
    const items = Array.from({ length: 1001 }, (_, i) => i);
    expect(await mapInTurns(items, (n) => n * 2, 100)).toEqual(items.map((n) => n * 2));
    expect(await mapInTurns([], (n: number) => n)).toEqual([]);
  });

  test('lets other work run between slices, and not within one', async () => {
    const seen: string[] = [];
    const other = () => setImmediate(() => seen.push('other'));
    other();
    await mapInTurns(
      [1, 2, 3, 4, 5],
      (n) => {
        seen.push(String(n));
        if (n === 1) other();
      },
      2,
    );
    // Items 1 and 2 make a slice: the work waiting (from before the call and from item 1) runs
    // only at the turn after it.
    expect(seen).toEqual(['1', '2', 'other', 'other', '3', '4', '5']);
  });
});
