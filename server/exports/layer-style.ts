/**
 * How a layer is drawn in the files that carry a style (KML, a GeoPackage's QGIS and SLD styles):
 * classes of records with the colours of the app's map, so a planner who opens a file sees what
 * the map shows. Colours come from the domain's catalogs, as the map's do.
 */
import type { StateEntry } from '../domain/engine/workflow.ts';
import type { Localized } from '../domain/i18n.ts';
import { STATE_KIND_LOOK } from '../domain/state-look.ts';

/** Areas are filled lighter than their outline, as on the map. */
export const FILL_ALPHA = 0.45;

/** A #RRGGBB colour's red, green and blue, 0 to 255. */
export function rgbOf(hex: string): [number, number, number] {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return [r!, g!, b!];
}

export interface StyleClass {
  /** Unique in its layer; letters, digits, _ and - (it is part of a KML id). */
  id: string;
  label: Localized;
  /** #RRGGBB. */
  color: string;
  /** 0 to 1: finished work fades, as on the map. */
  opacity: number;
  /**
   * The records of the class by their exported fields: each named field holds one of its values
   * (a GIS style's rule, in QGIS's expressions and in SLD's filters).
   */
  where: Readonly<Record<string, readonly string[]>>;
}

export interface LayerStyle<T> {
  classes: readonly StyleClass[];
  /** The id of the class a record is drawn with. */
  classOf(record: T): string;
}

/**
 * A class per state of a workflow whose catalog carries colours (a project's stages, a gap's
 * statuses), by the field that holds the state; finished states fade.
 */
export function styleByState<S extends string, T>(
  field: string,
  states: readonly S[],
  catalog: Record<S, StateEntry & { color: string }>,
  stateOf: (record: T) => S,
): LayerStyle<T> {
  return {
    classes: states.map((state) => ({
      id: state,
      label: catalog[state].label,
      color: catalog[state].color,
      opacity: STATE_KIND_LOOK[catalog[state].kind].opacity,
      where: { [field]: [state] },
    })),
    classOf: stateOf,
  };
}
