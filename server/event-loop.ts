/**
 * Work on the server's one thread in slices, so that a large answer never holds up the others:
 * between slices the event loop takes its turn (pending I/O, other requests, /api/health).
 */

/** Lets the event loop run pending I/O (other requests) before the work goes on. */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * `items.map(f)`, a slice of `slice` items at a time with a turn of the event loop between
 * slices. A slice of 250 records (parse, project, serialise) is a few milliseconds of work.
 */
export async function mapInTurns<T, U>(
  items: readonly T[],
  f: (item: T) => U,
  slice = 250,
): Promise<U[]> {
  const out: U[] = new Array(items.length);
  for (let i = 0; i < items.length; i++) {
    if (i > 0 && i % slice === 0) await nextTurn();
    out[i] = f(items[i]!);
  }
  return out;
}
