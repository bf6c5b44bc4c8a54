/**
 * Ward lookup: which administrative unit holds a record. Bounding boxes first (cheap), exact
 * point-in-polygon on the candidates second. Units are keyed by period and code ("2025-01843")
 * because codes were reused in the July 2025 reorganisation.
 */
import { bbox as turfBbox, featureCollection, pointOnFeature, union } from '@turf/turf';
import type { BBox, Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { areaIndex } from './area-index.ts';
import type { Area, RecordGeometry } from './geometry.ts';

export interface WardProps {
  code: string;
  name: string;
  short_name: string;
  kind: string;
  valid_from: string | null;
  valid_to: string | null;
  [key: string]: unknown;
}

export type Ward = Feature<Polygon | MultiPolygon, WardProps> & { id: string };

/** The reference layers by period: the units since July 2025 and the ones before it. */
export type WardLayers = Record<
  '2025' | '2024',
  FeatureCollection<Polygon | MultiPolygon, WardProps>
>;

/** What a record stores of its ward. */
export interface WardRef {
  /** Period-keyed code, e.g. "2025-01843". */
  code: string;
  name: string;
}

function inBox([x, y]: Position, box: BBox): boolean {
  return x! >= box[0] && x! <= box[2] && y! >= box[1] && y! <= box[3];
}

export class WardIndex {
  readonly #entries: { ward: Ward; box: BBox }[];
  /** The union of every unit: the area the office serves. */
  readonly serviceArea: Area;

  constructor(readonly wards: FeatureCollection<Polygon | MultiPolygon, WardProps>) {
    this.#entries = wards.features.map((f) => {
      if (typeof f.id !== 'string') throw new Error('every ward needs a period-keyed string id');
      return { ward: f as Ward, box: turfBbox(f) };
    });
    const merged = union(featureCollection(wards.features));
    if (!merged) throw new Error('the ward layer is empty');
    this.serviceArea = merged;
  }

  /** The unit that holds a point, or null outside every unit. */
  atPoint(position: Position): WardRef | null {
    for (const { ward, box } of this.#entries) {
      if (inBox(position, box) && areaIndex(ward).contains(position)) {
        return { code: ward.id, name: ward.properties.name };
      }
    }
    return null;
  }

  /** The unit of a record: its point, or a point surely inside its polygon. */
  locate(geometry: RecordGeometry): WardRef | null {
    const point =
      geometry.type === 'Point'
        ? geometry.coordinates
        : pointOnFeature(geometry).geometry.coordinates;
    return this.atPoint(point);
  }

  byCode(code: string): Ward | undefined {
    return this.#entries.find((e) => e.ward.id === code)?.ward;
  }
}
