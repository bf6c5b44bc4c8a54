/**
 * A report being written: where the pin is, how sure the GPS was, and what was typed. It outlives
 * the form, so a detour to sign in again loses nothing.
 */
import type { Position } from 'geojson';
import type { ViolationKind } from '../../../../server/domain/catalog/violation-kinds.ts';
import { newId } from '../api.ts';

export type PinSource = 'tap' | 'gps';

/** What the inspector typed so far. */
export class ReportDraft {
  /** One id per draft: pressing Save twice, or again after a timeout, never makes two records. */
  readonly clientId = newId();
  kind = $state<ViolationKind | ''>('');
  description = $state('');
  address = $state('');
  violatorName = $state('');
  violatorIdNumber = $state('');
  violatorAddress = $state('');
}

export class CaptureState {
  #active = $state(false);
  #position = $state.raw<Position | null>(null);
  #accuracy = $state<number | null>(null);
  #draft = $state.raw(new ReportDraft());

  get active(): boolean {
    return this.#active;
  }
  get position(): Position | null {
    return this.#position;
  }
  /** GPS accuracy radius in metres, when the pin came from GPS. */
  get accuracy(): number | null {
    return this.#accuracy;
  }
  get draft(): ReportDraft {
    return this.#draft;
  }
  start(): void {
    this.#active = true;
  }

  place(position: Position, source: PinSource, accuracy: number | null = null): void {
    this.#active = true;
    this.#position = position;
    this.#accuracy = source === 'gps' ? accuracy : null;
  }

  /** Ends the report (saved or given up): the next one starts empty. */
  reset(): void {
    this.#active = false;
    this.#position = null;
    this.#accuracy = null;
    this.#draft = new ReportDraft();
  }
}
