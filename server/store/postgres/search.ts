/**
 * Full-text search in PostgreSQL with the SQLite store's meaning, for every layer: the text is
 * folded (diacritics and đ ignored) and split into words in JavaScript (domain/text.ts), the same
 * way for the record and the query, and every word of the query must start a word of the record.
 */
import { searchTerms } from '../../domain/text.ts';

/**
 * The longest word kept, in characters: PostgreSQL refuses a lexeme over 2047 bytes, and 500
 * characters are at most 2000. Record and query words are cut alike, so a prefix still finds it.
 */
const MAX_WORD = 500;

function clipped(word: string): string {
  return word.length > MAX_WORD ? Array.from(word).slice(0, MAX_WORD).join('') : word;
}

/**
 * The words of a record's searchable text, for `array_to_tsvector`: stored as they are, so the
 * index holds exactly the words `matchesSearch` compares (no text-search parser splits them).
 */
export function searchWords(text: string): string[] {
  return searchTerms(text).map(clipped);
}

/**
 * Every word of the query as a prefix, as tsquery text for a `::tsquery` cast (which, unlike
 * to_tsquery, takes the words as they are); null when the query has no word. Words are letters
 * and digits only, so user input is never tsquery syntax.
 */
export function searchTsQuery(q: string): string | null {
  const terms = searchTerms(q);
  return terms.length ? terms.map((t) => `${clipped(t)}:*`).join(' & ') : null;
}
