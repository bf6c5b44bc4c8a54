/**
 * Whether a boundary is being drawn on the map: while it is, a click on the map belongs to the
 * drawing, not to the records under it (opening one would lose the drawing).
 */
class DrawingState {
  #active = $state(false);

  get active(): boolean {
    return this.#active;
  }

  /** Marks the drawing begun; answers the function that ends it. */
  begin(): () => void {
    this.#active = true;
    return () => (this.#active = false);
  }
}

export const drawing = new DrawingState();
