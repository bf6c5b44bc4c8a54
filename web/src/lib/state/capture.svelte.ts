/** A report being placed: where the pin is, how it got there, and how sure the GPS was. */
import type { Position } from 'geojson';

export type PinSource = 'tap' | 'gps';

export class CaptureState {
  #active = $state(false);
  #position = $state.raw<Position | null>(null);
  #accuracy = $state<number | null>(null);
  #source = $state<PinSource | null>(null);

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
  get source(): PinSource | null {
    return this.#source;
  }

  start(): void {
    this.#active = true;
  }

  place(position: Position, source: PinSource, accuracy: number | null = null): void {
    this.#active = true;
    this.#position = position;
    this.#source = source;
    this.#accuracy = source === 'gps' ? accuracy : null;
  }

  reset(): void {
    this.#active = false;
    this.#position = null;
    this.#accuracy = null;
    this.#source = null;
  }
}
