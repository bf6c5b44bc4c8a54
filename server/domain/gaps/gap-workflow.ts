/** The gap status moves, through the record engine with the gap workflow. */
import { gapWorkflow } from './gap-statuses.ts';
import { checkMove } from '../engine/workflow.ts';
import type { Gap, GapStatusMove } from './gap.ts';

/** The gap after a forward move; refuses a move back or to where it is. */
export function applyGapStatus(gap: Gap, move: GapStatusMove, now: string): Gap {
  checkMove(gapWorkflow, gap.properties.status, move.to);
  return {
    ...gap,
    properties: {
      ...gap.properties,
      status: move.to,
      updated_at: now,
      version: gap.properties.version + 1,
    },
  };
}
