/**
 * Drawing on the map with Terra Draw: a project's boundary (click the corners, click the first or
 * double-click to close) or a gap's line (click along it, click the last point again to end);
 * then drag a vertex, drag a midpoint to add one, or draw another part. Terra Draw and its
 * MapLibre adapter are loaded here, only when someone draws, so the app's first load stays small.
 * A boundary is every polygon drawn: one is a Polygon, several a MultiPolygon.
 */
import type { Map } from 'maplibre-gl';
import type { Feature, LineString, Polygon, Position } from 'geojson';
import type { Boundary } from './boundary-file.ts';

/** A drawing session on the map; `stop` removes everything it added. */
export interface DrawSession<G> {
  /** Replaces what is drawn (an imported file, the record's own). */
  set(geometry: G | null): void;
  /** Starts a new part: the next clicks draw one more. */
  drawPart(): void;
  /** Removes everything drawn and starts drawing again. */
  clear(): void;
  stop(): void;
}
export type BoundaryDraw = DrawSession<Boundary>;

export interface DrawOptions<G> {
  /** What to start from (editing a record); drawing starts when there is none. */
  initial: G | null;
  /** Called on every change, while drawing too (the last vertex follows the pointer). */
  onchange: (geometry: G | null, drawing: boolean) => void;
}

const COLOR = '#B15928';
const EDGE = '#7A3B12';

/** The drawn polygons as one boundary; parts still being drawn count when they have an area. */
export function boundaryFrom(polygons: Polygon[]): Boundary | null {
  const parts = polygons.filter((p) => (p.coordinates[0]?.length ?? 0) >= 4);
  if (parts.length === 0) return null;
  if (parts.length === 1) return parts[0]!;
  return { type: 'MultiPolygon', coordinates: parts.map((p) => p.coordinates) };
}

/** The first drawn line with two points or more. */
export function lineFrom(lines: LineString[]): LineString | null {
  return lines.find((l) => l.coordinates.length >= 2) ?? null;
}

/** Terra Draw refuses positions finer than its precision (9 decimals, well under a millimetre). */
const round = (n: number) => Math.round(n * 1e9) / 1e9;
const roundRing = (ring: Position[]) => ring.map(([x, y]) => [round(x!), round(y!)]);

/** Polygon parts of a boundary, one feature each, as Terra Draw stores them. */
function partsOf(boundary: Boundary): Polygon[] {
  const polygons = boundary.type === 'Polygon' ? [boundary.coordinates] : boundary.coordinates;
  return polygons.map((rings) => ({ type: 'Polygon', coordinates: rings.map(roundRing) }));
}

interface Shape<G> {
  mode: 'polygon' | 'linestring';
  parts: (geometry: G) => (Polygon | LineString)[];
  combine: (drawn: (Polygon | LineString)[]) => G | null;
}

const POLYGON: Shape<Boundary> = {
  mode: 'polygon',
  parts: partsOf,
  combine: (drawn) => boundaryFrom(drawn as Polygon[]),
};
const LINE: Shape<LineString> = {
  mode: 'linestring',
  parts: (line) => [{ type: 'LineString', coordinates: roundRing(line.coordinates) }],
  combine: (drawn) => lineFrom(drawn as LineString[]),
};

export function startBoundaryDraw(map: Map, options: DrawOptions<Boundary>): Promise<BoundaryDraw> {
  return startDraw(map, POLYGON, options);
}

export function startLineDraw(
  map: Map,
  options: DrawOptions<LineString>,
): Promise<DrawSession<LineString>> {
  return startDraw(map, LINE, options);
}

async function startDraw<G>(
  map: Map,
  shape: Shape<G>,
  options: DrawOptions<G>,
): Promise<DrawSession<G>> {
  const [td, { TerraDrawMapLibreGLAdapter }] = await Promise.all([
    import('terra-draw'),
    import('terra-draw-maplibre-gl-adapter'),
  ]);
  const editing = {
    feature: {
      draggable: true,
      coordinates: { draggable: true, midpoints: true, deletable: true },
    },
  };
  const drawMode =
    shape.mode === 'polygon'
      ? new td.TerraDrawPolygonMode({
          editable: true,
          styles: {
            fillColor: COLOR,
            fillOpacity: 0.3,
            outlineColor: EDGE,
            outlineWidth: 2,
            closingPointColor: '#FFFFFF',
            closingPointOutlineColor: EDGE,
            closingPointWidth: 6,
            closingPointOutlineWidth: 2,
          },
        })
      : new td.TerraDrawLineStringMode({
          editable: true,
          styles: { lineStringColor: EDGE, lineStringWidth: 4 },
        });

  const draw = new td.TerraDraw({
    adapter: new TerraDrawMapLibreGLAdapter({ map, prefixId: 'boundary-draw' }),
    modes: [
      drawMode,
      new td.TerraDrawSelectMode({
        flags: { [shape.mode]: editing },
        styles: {
          selectedPolygonColor: COLOR,
          selectedPolygonFillOpacity: 0.35,
          selectedPolygonOutlineColor: EDGE,
          selectedPolygonOutlineWidth: 3,
          selectedLineStringColor: EDGE,
          selectedLineStringWidth: 5,
          selectionPointColor: '#FFFFFF',
          selectionPointOutlineColor: EDGE,
          selectionPointWidth: 6,
          selectionPointOutlineWidth: 2,
          midPointColor: EDGE,
          midPointWidth: 4,
        },
      }),
    ],
  });
  draw.start();

  const drawn = () =>
    draw
      .getSnapshot()
      .filter(
        (f) =>
          f.properties.mode === shape.mode &&
          (f.geometry.type === 'Polygon' || f.geometry.type === 'LineString'),
      );

  const report = () => {
    const parts = drawn();
    const drawing = parts.some((f) => f.properties.currentlyDrawing === true);
    options.onchange(shape.combine(parts.map((f) => f.geometry as Polygon | LineString)), drawing);
  };
  draw.on('change', report);
  // A finished part is selected at once, so its vertices can be dragged straight away.
  draw.on('finish', (id, context) => {
    if (context.mode !== shape.mode) return;
    draw.setMode('select');
    draw.selectFeature(id);
    report();
  });

  const set = (geometry: G | null) => {
    draw.clear();
    if (!geometry) {
      draw.setMode(shape.mode);
    } else {
      const features = shape
        .parts(geometry)
        .map((g): Feature<Polygon | LineString, { mode: string }> => ({
          type: 'Feature',
          id: draw.getFeatureId(),
          geometry: g,
          properties: { mode: shape.mode },
        }));
      draw.addFeatures(features as Parameters<typeof draw.addFeatures>[0]);
      draw.setMode('select');
      if (features.length === 1) draw.selectFeature(features[0]!.id!);
    }
    report();
  };
  set(options.initial);

  return {
    set,
    drawPart: () => draw.setMode(shape.mode),
    clear: () => set(null),
    stop: () => {
      draw.off('change', report);
      draw.stop();
    },
  };
}
