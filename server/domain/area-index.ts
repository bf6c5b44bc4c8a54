/**
 * Point-in-area tests for many points, with exactly Turf's answers. An area of a few thousand
 * vertices (the service area, a ward) costs ~20 µs a test with booleanPointInPolygon, and a bulk
 * import makes two tests per record. Here a grid is laid over the area once: a cell that no edge
 * of the area comes near lies wholly inside or wholly outside, which one test of its centre tells;
 * only a point in a cell the boundary passes through is tested against the area itself.
 */
import { bbox as turfBbox, booleanPointInPolygon } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';

type AreaFeature = Feature<Polygon | MultiPolygon>;

/** Cells a side: fine enough that few points fall near the boundary, cheap to lay. */
const GRID = 128;

const INSIDE = 1;
const OUTSIDE = 2;
/** The boundary comes near: ask Turf. */
const EDGE = 3;

function rings(area: AreaFeature): Position[][] {
  const g = area.geometry;
  return g.type === 'Polygon' ? g.coordinates : g.coordinates.flat();
}

export class AreaIndex {
  readonly #area: AreaFeature;
  readonly #box: [number, number, number, number];
  readonly #cells = new Uint8Array(GRID * GRID);

  constructor(area: AreaFeature) {
    this.#area = area;
    this.#box = turfBbox(area) as [number, number, number, number];
    const [minX, minY, maxX, maxY] = this.#box;
    const col = (x: number) => ((x - minX) / (maxX - minX)) * GRID;
    const row = (y: number) => ((y - minY) / (maxY - minY)) * GRID;
    const clamp = (n: number) => Math.min(GRID - 1, Math.max(0, n));
    // Every cell an edge's box touches, with a hair more against rounding: never too few.
    const HAIR = 1e-6;
    for (const ring of rings(area)) {
      for (let k = 0; k + 1 < ring.length; k++) {
        const [ax, ay] = ring[k] as [number, number];
        const [bx, by] = ring[k + 1] as [number, number];
        const i0 = clamp(Math.floor(col(Math.min(ax, bx)) - HAIR));
        const i1 = clamp(Math.floor(col(Math.max(ax, bx)) + HAIR));
        const j0 = clamp(Math.floor(row(Math.min(ay, by)) - HAIR));
        const j1 = clamp(Math.floor(row(Math.max(ay, by)) + HAIR));
        for (let j = j0; j <= j1; j++) this.#cells.fill(EDGE, j * GRID + i0, j * GRID + i1 + 1);
      }
    }
    // Neighbouring cells that the boundary does not come near are on the same side of it: one
    // test of a centre decides a whole region, filled from there.
    const [w, h] = [(maxX - minX) / GRID, (maxY - minY) / GRID];
    const cells = this.#cells;
    for (let start = 0; start < cells.length; start++) {
      if (cells[start] !== 0) continue;
      const [i, j] = [start % GRID, Math.floor(start / GRID)];
      const centre = [minX + (i + 0.5) * w, minY + (j + 0.5) * h];
      const side = booleanPointInPolygon(centre, area) ? INSIDE : OUTSIDE;
      const queue = [start];
      cells[start] = side;
      while (queue.length) {
        const c = queue.pop()!;
        const [ci, cj] = [c % GRID, Math.floor(c / GRID)];
        const next = [ci > 0 ? c - 1 : -1, ci < GRID - 1 ? c + 1 : -1, cj > 0 ? c - GRID : -1];
        next.push(cj < GRID - 1 ? c + GRID : -1);
        for (const n of next) {
          if (n >= 0 && cells[n] === 0) {
            cells[n] = side;
            queue.push(n);
          }
        }
      }
    }
  }

  /** Whether the area holds the position, its boundary included (as booleanPointInPolygon). */
  contains(position: Position): boolean {
    const [x, y] = position as [number, number];
    const [minX, minY, maxX, maxY] = this.#box;
    if (!(x >= minX && x <= maxX && y >= minY && y <= maxY)) return false;
    const i = Math.min(GRID - 1, Math.floor(((x - minX) / (maxX - minX)) * GRID));
    const j = Math.min(GRID - 1, Math.floor(((y - minY) / (maxY - minY)) * GRID));
    const cell = this.#cells[j * GRID + i];
    if (cell === INSIDE) return true;
    if (cell === OUTSIDE) return false;
    return booleanPointInPolygon(position, this.#area);
  }
}

const indexes = new WeakMap<object, AreaIndex>();

/** The index of an area, laid on its first test and kept as long as the area object lives. */
export function areaIndex(area: AreaFeature): AreaIndex {
  let index = indexes.get(area);
  if (!index) indexes.set(area, (index = new AreaIndex(area)));
  return index;
}
