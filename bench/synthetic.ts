/**
 * Seeded synthetic violations over the service area, written as a GeoJSON FeatureCollection: the
 * same seed gives the same file. Denser in the town centres, as reports are; one in twenty a graded
 * area (a small polygon); kinds, Vietnamese texts, addresses and times spread over a year.
 */
import { bbox as turfBbox } from '@turf/turf';
import { areaIndex } from '../server/domain/area-index.ts';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Position } from 'geojson';
import { VIOLATION_KINDS } from '../server/domain/violations/violation-kinds.ts';
import type { Area } from '../server/domain/geometry.ts';

/** mulberry32: a small, fast PRNG that is the same on every machine. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STREETS = [
  'Trường Chinh',
  'Nguyễn Văn Tố',
  'Kon Tum',
  'Hùng Vương',
  'Võ Nguyên Giáp',
  'Quang Trung',
  'Phùng Chí Kiên',
  'Thành Công',
];
const WHAT: Record<string, string[]> = {
  illegal_grading: ['San ủi đất đồi trái phép', 'Đào đắp, san lấp mặt bằng không phép'],
  road_encroachment: ['Bày hàng lấn chiếm lòng đường', 'Để vật liệu xây dựng dưới lòng đường'],
  sidewalk_encroachment: [
    'Quán nước lấn chiếm vỉa hè',
    'Dựng mái che lấn vỉa hè',
    'Để xe máy kinh doanh trên vỉa hè',
  ],
  illegal_construction: [
    'Xây nhà không phép',
    'Xây dựng sai giấy phép, vượt tầng',
    'Cơi nới ban công lấn không gian',
  ],
  land_encroachment: ['Lấn chiếm đất công', 'Rào chắn lấn đất hành lang giao thông'],
  other: ['Đổ phế thải ra lòng đường', 'Treo biển quảng cáo trái phép'],
};
const SURNAMES = ['Nguyễn', 'Hoàng', 'Nông', 'Triệu', 'Lý', 'Hà', 'Ma', 'Lục'];
const GIVEN = ['Văn An', 'Thị Lan', 'Văn Đức', 'Thị Hoa', 'Minh Tuấn', 'Thu Hà'];

/** A sampler of positions: cells of a grid that lie wholly inside the area, weighted to centres. */
export function positionSampler(area: Area, rand: () => number) {
  const [minX, minY, maxX, maxY] = turfBbox(area);
  const n = 60;
  const [w, h] = [(maxX - minX) / n, (maxY - minY) / n];
  const cells: { x: number; y: number; weight: number }[] = [];
  // Town centres: most reports come from the streets around them.
  const centres: Position[] = [
    [105.834, 22.147],
    [105.821, 22.165],
    [105.85, 22.13],
  ];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const [x, y] = [minX + i * w, minY + j * h];
      // Corners and centre inside: near enough to "wholly inside" (each point is checked again).
      const probes: Position[] = [
        [x, y],
        [x + w, y],
        [x, y + h],
        [x + w, y + h],
        [x + w / 2, y + h / 2],
      ];
      if (!probes.every((p) => areaIndex(area).contains(p))) continue;
      const d = Math.min(
        ...centres.map(([cx, cy]) => Math.hypot(x + w / 2 - cx!, y + h / 2 - cy!)),
      );
      cells.push({ x, y, weight: 0.05 + Math.exp(-((d / 0.02) ** 2)) });
    }
  }
  const cumulative: number[] = [];
  let sum = 0;
  for (const c of cells) cumulative.push((sum += c.weight));
  return {
    cell: { w, h },
    next(): Position {
      const r = rand() * sum;
      let lo = 0;
      let hi = cumulative.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid]! < r) lo = mid + 1;
        else hi = mid;
      }
      const c = cells[lo]!;
      return [c.x + rand() * w, c.y + rand() * h];
    },
  };
}

function uuid(rand: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rand() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((parseInt(hex[16]!, 16) & 3) | 8).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

const pick = <T>(rand: () => number, list: readonly T[]): T =>
  list[Math.floor(rand() * list.length)]!;

/** One synthetic report as `POST /api/violations` takes it. */
export function syntheticFeature(
  rand: () => number,
  place: Position,
  cellSize: number,
  until: number,
) {
  const kind = pick(rand, VIOLATION_KINDS);
  const [x, y] = place as [number, number];
  // A graded area: a small square that stays inside its grid cell (so inside the area).
  const side = Math.min(cellSize / 4, 0.0004);
  const geometry =
    kind === 'illegal_grading' && rand() < 0.3
      ? {
          type: 'Polygon',
          coordinates: [
            [
              [x, y],
              [x + side, y],
              [x + side, y + side],
              [x, y + side],
              [x, y],
            ],
          ],
        }
      : { type: 'Point', coordinates: [Math.round(x * 1e7) / 1e7, Math.round(y * 1e7) / 1e7] };
  const observed = new Date(until - Math.floor(rand() * 365 * 86_400_000));
  return {
    type: 'Feature',
    id: uuid(rand),
    geometry,
    properties: {
      kind,
      description: pick(rand, WHAT[kind]!),
      address: `Số ${1 + Math.floor(rand() * 300)} đường ${pick(rand, STREETS)}, tổ ${1 + Math.floor(rand() * 20)}`,
      observed_at: observed.toISOString(),
      ...(rand() < 0.3 && {
        violator: {
          name: `${pick(rand, SURNAMES)} ${pick(rand, GIVEN)}`,
          id_number: String(Math.floor(rand() * 1e12)).padStart(12, '0'),
        },
      }),
    },
  };
}

/** Writes `count` features to a file; `until` is the latest observation time. */
export async function writeSynthetic(
  file: string,
  count: number,
  area: Area,
  seed: number,
  until: number,
) {
  const rand = random(seed);
  const places = positionSampler(area, rand);
  const out = createWriteStream(file);
  out.write('{"type":"FeatureCollection","features":[\n');
  for (let i = 0; i < count; i++) {
    const place = places.next();
    // The sampler's cells are inside the area; the check is for the cells' rounding at the edge.
    if (!areaIndex(area).contains(place)) {
      i--;
      continue;
    }
    const feature = syntheticFeature(rand, place, places.cell.w, until);
    // A graded area's corners may cross the edge of a cell at the area's boundary: draw again.
    const g = feature.geometry;
    const corners = (g.type === 'Point' ? [g.coordinates] : g.coordinates[0]) as Position[];
    if (!corners.every((p) => areaIndex(area).contains(p))) {
      i--;
      continue;
    }
    const line = (i ? ',\n' : '') + JSON.stringify(feature);
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end('\n]}\n');
  await once(out, 'finish');
}
