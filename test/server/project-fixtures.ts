/** Project bodies and boundaries for tests: squares laid out in VN-2000 metres, as surveys are. */
import type { Polygon, Position } from 'geojson';
import { fromVn2000, toVn2000 } from '../../server/domain/vn2000.ts';
import { insideWard } from './helpers.ts';

/**
 * A square `side` metres on a side in the VN-2000 grid, its south-west corner at a WGS84
 * position, as a WGS84 polygon (counter-clockwise, closed).
 */
export function gridSquare(corner: Position, side: number): Polygon {
  const { northing, easting } = toVn2000(corner[0]!, corner[1]!);
  const at = (dn: number, de: number) =>
    fromVn2000({ northing: northing + dn, easting: easting + de });
  const sw = at(0, 0);
  return { type: 'Polygon', coordinates: [[sw, at(0, side), at(side, side), at(side, 0), sw]] };
}

/** A 100 m square inside phường Đức Xuân: 1.00 ha. */
export const DUC_XUAN_SQUARE = gridSquare(insideWard('2025-01840'), 100);

/** The body of a new project; `extra` overrides properties. */
export function projectBody(
  extra: Record<string, unknown> = {},
  id?: string,
  geometry: Polygon | object = DUC_XUAN_SQUARE,
) {
  return {
    type: 'Feature',
    ...(id && { id }),
    geometry,
    properties: {
      name: 'Đường Trường Chinh kéo dài',
      code: 'GPMB-2026-01',
      investor: 'Ban Quản lý dự án đầu tư xây dựng',
      land_type: 'agricultural',
      ...extra,
    },
  };
}
