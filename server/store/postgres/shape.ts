/** The shape filter in PostGIS: GeometryType names the types in capitals. */
import { SHAPE_TYPES, type Shape } from '../../domain/shapes.ts';

/** The GeometryType() names of a shape's types, single and multi. */
export function postgisTypes(shape: Shape): string[] {
  return SHAPE_TYPES[shape].map((type) => type.toUpperCase());
}
