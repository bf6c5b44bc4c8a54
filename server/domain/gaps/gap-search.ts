/** What a text search of gaps looks in: the same words on the server and in the app. */
import { foldVietnamese } from '../text.ts';
import type { Gap } from './gap.ts';

/** Title, description, standard, source note, wards and the id, folded (đ→d, no diacritics). */
export function gapSearchableText(g: Pick<Gap, 'id' | 'properties'>): string {
  const p = g.properties;
  return foldVietnamese(
    [
      p.title,
      p.description,
      p.standard,
      p.source_note ?? '',
      ...p.wards.map((w) => w.name),
      g.id,
    ].join(' '),
  );
}
