/**
 * How projects look on the map, as typed expression builders (pure, unit-tested): fill by stage
 * from the stage catalog; a blocked or overdue project gets a red dashed outline and a ⚠ mark.
 */
import type { ExpressionSpecification, FilterSpecification } from 'maplibre-gl';
import {
  PROJECT_STAGES,
  projectStageCatalog,
} from '../../../../server/domain/projects/project-stages.ts';

/** The alarm colour of the map (as overdue violations). */
export const ALARM_COLOR = '#E31A1C';
const FALLBACK = '#7F7F7F';

/** Fill colour by stage. */
export function stageColor(): ExpressionSpecification {
  const pairs = PROJECT_STAGES.flatMap((s) => [s, projectStageCatalog[s].color]);
  return ['match', ['get', 'stage'], ...pairs, FALLBACK] as unknown as ExpressionSpecification;
}

/** True for a project that needs attention: blocked by obstacles, or past a deadline. */
export const needsAttention: ExpressionSpecification = [
  'any',
  ['==', ['get', 'blocked'], true],
  ['==', ['get', 'overdue'], true],
];

export const attentionFilter: FilterSpecification = needsAttention;
export const calmFilter: FilterSpecification = ['!', needsAttention];

/** An opacity scaled by the layer's opacity from the layer panel. */
export function scaled(base: number, opacity: number): number {
  return Math.round(base * opacity * 1000) / 1000;
}
