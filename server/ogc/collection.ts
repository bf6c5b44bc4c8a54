/** A feature collection of the OGC API: its description and how its features are read. */
import type { BBox, Feature, Geometry } from 'geojson';
import type { Permission } from '../domain/access/permissions.ts';
import { DomainError } from '../domain/errors.ts';
import type { PublicUser } from '../domain/access/user.ts';
import { SHAPE_NAMES, shapeOf, type Shape } from '../domain/shapes.ts';
import type { ItemsQuery } from './params.ts';
import type { Queryable } from './queryables.ts';

/** Who reads, and on which day (deadlines are judged overdue against it). */
export interface Reader {
  user: PublicUser | null;
  permissions: ReadonlySet<Permission>;
  today: string;
}

export interface ItemsPage {
  /** How many match, before paging: `numberMatched`. */
  total: number;
  /**
   * In WGS84; the route puts them in the asked CRS. A feature may come as its JSON text (a page
   * of thousands is put together as text): the route copies it as it is when answering in WGS84.
   */
  features: (Feature<Geometry> | string)[];
}

export interface OgcCollection {
  id: string;
  title: string;
  description: string;
  /** WGS84 extent: saves GDAL a full read to learn it. */
  bbox: BBox;
  /** The time the features' `datetime` is about: [start, end], null for open. */
  interval?: [string | null, string | null];
  /** Items with bbox (in WGS84 by now), datetime and a shape applied, paged. */
  items(
    query: Omit<ItemsQuery, 'bboxCrs' | 'crs'> & { shape?: Shape },
    reader: Reader,
  ): Promise<ItemsPage>;
  /** One feature, or undefined when there is none (or the reader may not see it). */
  item(featureId: string, reader: Reader): Promise<Feature<Geometry> | undefined>;
  /** The properties its features carry for this reader (Part 3's queryables). */
  queryables(reader: Reader): Record<string, Queryable>;
}

/**
 * The collection of one shape of a collection that mixes them (`violations-areas`): its own id
 * and title, the same fields, and only features of that shape, counted and paged as such.
 */
export function shapeCollection(mixed: OgcCollection, shape: Shape): OgcCollection {
  const name = SHAPE_NAMES[shape];
  return {
    ...mixed,
    id: `${mixed.id}-${shape}`,
    title: `${mixed.title} (${name.vi})`,
    description: `${mixed.description} Chỉ các đối tượng dạng ${name.vi}, để QGIS vẽ được lớp một loại hình học. Only the ${name.en}, a layer of one geometry type as QGIS draws it.`,
    items: (query, reader) => mixed.items({ ...query, shape }, reader),
    async item(featureId, reader) {
      const feature = await mixed.item(featureId, reader);
      return feature && shapeOf(feature.geometry) === shape ? feature : undefined;
    },
  };
}

/**
 * A record read for `item`: a service's NOT_FOUND (unknown, or hidden from this reader) becomes
 * undefined, which the route answers as the OGC API's own 404; anything else still throws.
 */
export async function foundOrUndefined<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (e) {
    if (e instanceof DomainError && e.code === 'NOT_FOUND') return undefined;
    throw e;
  }
}
