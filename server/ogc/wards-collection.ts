/**
 * Ward boundaries in the OGC API: the current units (`wards`) and the eight former ones
 * (`wards-2024`). `datetime` selects by each unit's validity (valid_from … valid_to, office days).
 */
import { bbox as turfBbox, bboxPolygon, booleanIntersects } from '@turf/turf';
import type { Feature, Geometry } from 'geojson';
import { endOfLocalDay } from '../domain/dates.ts';
import type { WardLayers } from '../domain/wards.ts';
import type { OgcCollection } from './collection.ts';
import { valueQueryables } from './queryables.ts';

const DAY_MS = 86_400_000;
const startOfDay = (date: string) =>
  new Date(Date.parse(endOfLocalDay(date)) - DAY_MS).toISOString();
const lastInstantOf = (date: string) => new Date(Date.parse(endOfLocalDay(date)) - 1).toISOString();

export function wardsCollection(
  id: string,
  period: keyof WardLayers,
  layers: WardLayers,
): OgcCollection {
  const wards = layers[period].features as (Feature<Geometry> & {
    properties: { valid_from: string | null; valid_to: string | null };
  })[];
  const validity = (w: (typeof wards)[number]) => ({
    from: w.properties.valid_from ? startOfDay(w.properties.valid_from) : null,
    to: w.properties.valid_to ? lastInstantOf(w.properties.valid_to) : null,
  });
  const spans = wards.map(validity);
  const starts = spans.map((s) => s.from);
  const ends = spans.map((s) => s.to);
  const [minX, minY, maxX, maxY] = turfBbox(layers[period]);
  return {
    id,
    title: period === '2025' ? 'Phường, xã (từ 01/7/2025)' : 'Phường, xã cũ (đến 30/6/2025)',
    description:
      period === '2025'
        ? 'Đơn vị hành chính hiện hành: phường Bắc Kạn, phường Đức Xuân, xã Phong Quang. Current wards.'
        : 'Tám đơn vị của Thành phố Bắc Kạn trước sắp xếp, ranh giới khái quát (~150 m). The eight former units, generalised.',
    bbox: [minX!, minY!, maxX!, maxY!],
    interval: [
      starts.includes(null) ? null : [...starts].sort()[0]!,
      ends.includes(null) ? null : [...ends].sort().at(-1)!,
    ],
    async items(query) {
      const box = query.bbox && bboxPolygon(query.bbox);
      const matched = wards.filter((w, i) => {
        if (box && !booleanIntersects(box, w)) return false;
        const { from, to } = query.datetime ?? {};
        const span = spans[i]!;
        if (from && span.to && span.to < from) return false;
        if (to && span.from && span.from > to) return false;
        return true;
      });
      return {
        total: matched.length,
        features: matched.slice(query.offset, query.offset + query.limit),
      };
    },
    item: async (featureId) => wards.find((w) => w.id === featureId),
    queryables: () => valueQueryables(wards[0]?.properties ?? {}),
  };
}
