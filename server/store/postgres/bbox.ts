/** The bbox filter in PostGIS: the GiST index's box test first, then the exact test. */

/**
 * `column` meets the box (edges count). A box with min = max is a valid query (a click on the
 * map) and shrinks to a point or a segment: it is tested as one, because PostGIS caches a
 * prepared form of a geometry used against many rows, and a zero-area polygon answers
 * differently prepared than not. `$` adds a parameter and answers its placeholder.
 */
export function bboxClause(
  column: string,
  bbox: readonly number[],
  $: (value: unknown) => string,
): string {
  const [minX, minY, maxX, maxY] = bbox as [number, number, number, number];
  const [x0, y0, x1, y1] = [minX, minY, maxX, maxY].map($);
  const box = `ST_MakeEnvelope(${x0}, ${y0}, ${x1}, ${y1}, 4326)`;
  const corner = `ST_MakePoint(${x0}, ${y0})`;
  const exact =
    minX === maxX && minY === maxY
      ? `ST_SetSRID(${corner}, 4326)`
      : minX === maxX || minY === maxY
        ? `ST_SetSRID(ST_MakeLine(${corner}, ST_MakePoint(${x1}, ${y1})), 4326)`
        : box;
  return `${column} && ${box} AND ST_Intersects(${column}, ${exact})`;
}
