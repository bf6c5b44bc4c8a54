/** A WHERE clause (empty, or starting with WHERE) with one more condition ANDed on, if any. */
export function andWhere(where: string, condition: string): string {
  if (!condition) return where;
  return where ? `${where} AND ${condition}` : `WHERE ${condition}`;
}
