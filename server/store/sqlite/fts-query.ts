/** User search text as an FTS5 query, for every layer's full-text index. */
import { searchTerms } from '../../domain/text.ts';

/** FTS5 query: every word as a quoted prefix, so user input is never FTS syntax. */
export function ftsQuery(q: string): string | null {
  const terms = searchTerms(q);
  return terms.length ? terms.map((t) => `"${t.replaceAll('"', '')}"*`).join(' AND ') : null;
}
