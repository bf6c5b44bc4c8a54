/**
 * A report being written: where the pin is, the GPS fix it may have come from, and what was
 * typed and photographed. It outlives the form, so a detour to sign in again loses nothing.
 */
import type { Position } from 'geojson';
import type { ViolationKind } from '../../../../server/domain/violations/violation-kinds.ts';
import { newId } from '../ids.ts';
import type { Fix } from '../geolocation.ts';
import type { OutboxItem, QueuedPhoto } from '../offline/outbox-item.ts';

/** How the pin got where it is. */
export type PinSource = 'tap' | 'gps' | 'drag' | 'photo';

/** An open case near the pin that the inspector chose to add to instead of reporting anew. */
export interface TargetCase {
  id: string;
  kind: ViolationKind;
  description: string;
  distance_m: number;
}

/** What the inspector typed and photographed so far. */
export class ReportDraft {
  /** One id per draft: pressing Save twice, or again after a timeout, never makes two records. */
  readonly clientId: string;
  /** Set when the draft fixes a capture already in the queue (it stays there if given up). */
  readonly queued: OutboxItem | null;
  kind = $state<ViolationKind | ''>('');
  description = $state('');
  address = $state('');
  violatorName = $state('');
  violatorIdNumber = $state('');
  violatorAddress = $state('');
  photos = $state.raw<QueuedPhoto[]>([]);
  /** The case the note and photos go to instead of a new report. */
  target = $state.raw<TargetCase | null>(null);

  constructor(queued: OutboxItem | null = null) {
    this.clientId = queued?.id ?? newId();
    this.queued = queued;
    const p = queued?.create?.properties;
    if (!queued || !p) return;
    this.kind = p.kind;
    this.description = p.description;
    this.address = p.address ?? '';
    this.violatorName = p.violator?.name ?? '';
    this.violatorIdNumber = p.violator?.id_number ?? '';
    this.violatorAddress = p.violator?.address ?? '';
    this.photos = queued.photos;
  }
}

export class CaptureState {
  #active = $state(false);
  #position = $state.raw<Position | null>(null);
  #source = $state<PinSource | null>(null);
  #fix = $state.raw<Fix | null>(null);
  #draft = $state.raw(new ReportDraft());

  get active(): boolean {
    return this.#active;
  }
  /** Where the pin is: [lon, lat]. */
  get position(): Position | null {
    return this.#position;
  }
  get source(): PinSource | null {
    return this.#source;
  }
  /** The device's last GPS fix during this report; it stays put when the pin is dragged off it. */
  get fix(): Fix | null {
    return this.#fix;
  }
  /** GPS accuracy radius in metres, while the pin is at the fix. */
  get accuracy(): number | null {
    return this.#source === 'gps' ? (this.#fix?.accuracy ?? null) : null;
  }
  get draft(): ReportDraft {
    return this.#draft;
  }
  start(): void {
    this.#active = true;
  }

  place(position: Position, source: Exclude<PinSource, 'gps'>): void {
    this.#active = true;
    this.#position = position;
    this.#source = source;
  }

  /** Puts the pin at a GPS fix and keeps the fix for its accuracy circle. */
  locate(fix: Fix): void {
    this.#active = true;
    this.#fix = fix;
    this.#position = [fix.lon, fix.lat];
    this.#source = 'gps';
  }

  /** Opens a queued capture the server refused, to fix it; it keeps its id. */
  edit(item: OutboxItem): void {
    this.reset();
    this.#active = true;
    this.#draft = new ReportDraft(item);
    const g = item.create?.geometry;
    if (g?.type === 'Point') {
      this.#position = g.coordinates as Position;
      this.#source = 'tap';
    }
  }

  /** Ends the report (saved or given up): the next one starts empty. */
  reset(): void {
    this.#active = false;
    this.#position = null;
    this.#source = null;
    this.#fix = null;
    this.#draft = new ReportDraft();
  }
}
