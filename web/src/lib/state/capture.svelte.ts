/** A report being placed: where the pin is, and how sure the GPS was when it came from GPS. */
import type { Position } from 'geojson';

export type PinSource = 'tap' | 'gps';

export class CaptureState {
  #active = $state(false);
  #position = $state.raw<Position | null>(null);
  #accuracy = $state<number | null>(null);

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
  start(): void {
    this.#active = true;
  }

  place(position: Position, source: PinSource, accuracy: number | null = null): void {
    this.#active = true;
    this.#position = position;
    this.#accuracy = source === 'gps' ? accuracy : null;
  }

  reset(): void {
    this.#active = false;
    this.#position = null;
    this.#accuracy = null;
  }
}
