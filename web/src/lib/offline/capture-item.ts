/** Queue items built from what the inspector captured: a new report, or an addition to a case. */
import type { Position } from 'geojson';
import type { ViolationKind } from '../../../../server/domain/violations/violation-kinds.ts';
import type { Violator } from '../../../../server/domain/violations/violation.ts';
import type { OutboxItem, QueuedPhoto } from './outbox-item.ts';

type By = OutboxItem['by'];

const fresh = {
  created: false,
  noteSent: false,
  state: 'waiting',
  error: null,
  needsSignIn: false,
  failedPhoto: null,
} as const;

export interface ReportInput {
  /** The report's client UUID (the item's id too). */
  id: string;
  position: Position;
  kind: ViolationKind;
  description: string;
  address: string;
  violator: Violator | null;
  photos: QueuedPhoto[];
  /** When the inspector saw it: the time of saving, kept through a late sync. */
  observedAt: string;
}

export function reportItem(input: ReportInput, by: By, now: string): OutboxItem {
  const address = input.address.trim();
  return {
    ...fresh,
    id: input.id,
    violationId: input.id,
    create: {
      type: 'Feature',
      id: input.id,
      geometry: { type: 'Point', coordinates: input.position },
      properties: {
        kind: input.kind,
        description: input.description.trim(),
        observed_at: input.observedAt,
        ...(address && { address }),
        ...(input.violator && { violator: input.violator }),
      },
    },
    target: null,
    note: null,
    photos: input.photos,
    by,
    queuedAt: now,
  };
}

export interface AdditionInput {
  /** The item's own id. */
  id: string;
  target: { id: string; kind: ViolationKind; description: string };
  note: string;
  photos: QueuedPhoto[];
}

/** A note and photos for a case already on the server. */
export function additionItem(input: AdditionInput, by: By, now: string): OutboxItem {
  const note = input.note.trim();
  return {
    ...fresh,
    id: input.id,
    violationId: input.target.id,
    create: null,
    target: { kind: input.target.kind, description: input.target.description },
    note: note || null,
    photos: input.photos,
    by,
    queuedAt: now,
  };
}
