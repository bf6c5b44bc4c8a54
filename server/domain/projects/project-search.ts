/** What a text search of projects looks in: the same words on the server and in the app. */
import { projectStageCatalog } from './project-stages.ts';
import type { ClearanceProject } from './project.ts';
import { foldVietnamese } from '../text.ts';

/**
 * Name, code, investor, description, stage in both languages and the id, folded (đ→d, no
 * diacritics). Obstacles stay out: the public may search but may not read them.
 */
export function projectSearchText(project: Pick<ClearanceProject, 'id' | 'properties'>): string {
  const p = project.properties;
  const stage = projectStageCatalog[p.stage].label;
  return foldVietnamese(
    [
      p.name,
      p.code ?? '',
      p.investor ?? '',
      p.description ?? '',
      stage.vi,
      stage.en,
      project.id,
    ].join(' '),
  );
}
