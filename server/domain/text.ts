/**
 * Vietnamese text folding for search: diacritics dropped and đ→d, lower case, so "duc xuan" finds
 * "Đức Xuân". SQLite's unicode61 tokenizer removes diacritics but leaves đ, hence this.
 */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase();
}

/** Words of a search query, folded; punctuation separates words. */
export function searchTerms(query: string): string[] {
  return foldVietnamese(query)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
}

/** Every word of the query starts a word of the text, as FTS5's "word"* prefix queries match. */
export function matchesSearch(text: string, query: string): boolean {
  const words = searchTerms(text);
  return searchTerms(query).every((term) => words.some((w) => w.startsWith(term)));
}
