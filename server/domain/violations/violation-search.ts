/** What a text search of violations looks in: the same words on the server and in the app. */
import { violationKindCatalog } from './violation-kinds.ts';
import { foldVietnamese } from '../text.ts';
import type { Violation } from './violation.ts';

/** Description, address, ward, kind in both languages and the id, folded (đ→d, no diacritics). */
export function searchableText(v: Pick<Violation, 'id' | 'properties'>): string {
  const p = v.properties;
  const kind = violationKindCatalog[p.kind].label;
  return foldVietnamese(
    [p.description, p.address ?? '', p.ward?.name ?? '', kind.vi, kind.en, v.id].join(' '),
  );
}
