/**
 * Every kind of record on the record engine, by layer: what reads across layers (the audit log)
 * needs to show a stored state as its own kind would show it.
 */
import type { Complaint } from './complaints/complaint.ts';
import { complaintKind } from './complaints/complaint-kind.ts';
import type { KindLayer, KindReader } from './engine/record-kind.ts';
import type { Gap } from './gaps/gap.ts';
import { gapKind } from './gaps/gap-kind.ts';
import type { ClearanceProject } from './projects/project.ts';
import { projectKind } from './projects/project-kind.ts';

/** A state from the version table (the JSON its kind wrote) as this reader may see it. */
export function redactState(layer: KindLayer, state: unknown, reader: KindReader): unknown {
  switch (layer) {
    case 'projects':
      return projectKind.redact(state as ClearanceProject, reader);
    case 'gaps':
      return gapKind.redact(state as Gap, reader);
    case 'complaints':
      return complaintKind.redact(state as Complaint, reader);
  }
}
