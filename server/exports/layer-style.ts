/**
 * How a layer is drawn in the files that carry a style (KML now; a GeoPackage's styles and a QGIS
 * project to follow): classes of records with the colours of the app's map, so a planner who
 * opens a file sees what the map shows. Colours come from the domain's catalogs, as the map's do.
 */
import type { Localized } from '../domain/i18n.ts';

export interface StyleClass {
  /** Unique in its layer; letters, digits, _ and - (it is part of a KML id). */
  id: string;
  label: Localized;
  /** #RRGGBB. */
  color: string;
  /** 0 to 1: finished work fades, as on the map. */
  opacity: number;
}

export interface LayerStyle<T> {
  classes: readonly StyleClass[];
  /** The id of the class a record is drawn with. */
  classOf(record: T): string;
}
