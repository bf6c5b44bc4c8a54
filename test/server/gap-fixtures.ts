/** Request bodies of criteria gaps for tests. */
import type { Position } from 'geojson';
import { insideWard } from './helpers.ts';

/** A short street (LineString) inside a ward, about 110 m long. */
export function streetIn(code: string): { type: 'LineString'; coordinates: Position[] } {
  const [lon, lat] = insideWard(code) as [number, number];
  return {
    type: 'LineString',
    coordinates: [
      [lon, lat],
      [lon + 0.0005, lat + 0.0005],
      [lon + 0.001, lat],
    ],
  };
}

/** A gap of III.09 (drainage) on a street of phường Đức Xuân; `extra` overrides properties. */
export function gapBody(
  extra: Record<string, unknown> = {},
  id?: string,
  geometry: unknown = streetIn('2025-01840'),
) {
  return {
    type: 'Feature',
    ...(id && { id }),
    geometry,
    properties: {
      rule_set: 'nq111-2025-table2a',
      standard: 'III.09',
      scope: '2025-01840',
      title: 'Đường Trường Chinh chưa có cống thoát nước',
      description: 'Đoạn 300 m chưa có cống dọc',
      current_value: 2.4,
      target_value: 3,
      unit: 'km/km²',
      source_note: 'Khảo sát của phòng Quản lý đô thị, 2026',
      ...extra,
    },
  };
}

/** A stored gap, as the store keeps it, for store tests: `props` overrides properties. */
export function makeGap(
  props: Partial<import('../../server/domain/gaps/gap.ts').GapProps> = {},
  geometry: import('../../server/domain/gaps/gap.ts').GapGeometry | null = streetIn('2025-01840'),
  id: string = crypto.randomUUID(),
): import('../../server/domain/gaps/gap.ts').Gap {
  const at = '2026-03-10T03:00:00.000Z';
  return {
    type: 'Feature',
    id,
    geometry,
    properties: {
      rule_set: 'nq111-2025-table2a',
      standard: 'III.09',
      scope: '2025-01840',
      title: 'Đường Trường Chinh chưa có cống thoát nước',
      description: '',
      current_value: 2.4,
      target_value: 3,
      unit: 'km/km²',
      source_note: null,
      status: 'open',
      project_id: null,
      wards: [{ code: '2025-01840', name: 'Phường Đức Xuân' }],
      ward_codes: ['2025-01840'],
      created_by: null,
      created_at: at,
      updated_at: at,
      version: 1,
      archived_at: null,
      ...props,
    },
  };
}
