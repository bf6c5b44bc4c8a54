import { describe, expect, test } from 'vitest';
import {
  DEFAULT_VISIBLE,
  EMPTY_FILTERS,
  LAYER_IDS,
  defaultLayers,
  formatView,
  parseView,
  type ViewSnapshot,
} from '../../../web/src/lib/state/view-url.ts';

const plain: ViewSnapshot = {
  camera: null,
  layers: defaultLayers(),
  filters: EMPTY_FILTERS,
  asOf: null,
};

const busy: ViewSnapshot = {
  camera: { center: [105.834, 22.147], zoom: 15.5 },
  layers: {
    ...defaultLayers(),
    projects: { visible: false, opacity: 1 },
    wards2024: { visible: true, opacity: 0.6 },
    violations: { visible: true, opacity: 0.35 },
  },
  filters: {
    kinds: ['road_encroachment', 'sidewalk_encroachment'],
    statuses: ['reported'],
    stages: ['counting', 'paying'],
    gapStatuses: ['open'],
    ward: '2025-01843',
    from: '2026-01-01',
    to: '2026-01-31',
    q: 'lấn chiếm vỉa hè',
  },
  asOf: '2026-01-15',
};

describe('the view in the query string', () => {
  test('the plain map keeps a plain address', () => {
    expect(formatView(plain)).toBe('');
    expect(parseView('')).toEqual(plain);
  });

  test('a full view comes back as it went in', () => {
    const search = formatView(busy);
    expect(parseView(search)).toEqual(busy);
  });

  test('names are short and readable: lists with commas, opacity in percent', () => {
    const search = formatView(busy);
    expect(search).toContain('map=15.5/22.14700/105.83400');
    expect(search).toContain('layers=violations:35,gaps,wards,wards2024:60');
    expect(search).toContain('kind=road_encroachment,sidewalk_encroachment');
    expect(search).toContain('stage=counting,paying');
    expect(search).toContain('gapStatus=open');
    expect(search).toContain('asOf=2026-01-15');
  });

  test('a hidden default layer is written as a list without it', () => {
    const search = formatView({
      ...plain,
      layers: { ...defaultLayers(), violations: { visible: false, opacity: 1 } },
    });
    const visible = new URLSearchParams(search).get('layers')!.split(',');
    expect(visible).toEqual(DEFAULT_VISIBLE.filter((id) => id !== 'violations'));
    expect(parseView(search).layers.violations.visible).toBe(false);
  });

  test('no layer at all is a view of its own, not the default', () => {
    const none = Object.fromEntries(
      LAYER_IDS.map((id) => [id, { visible: false, opacity: 1 }]),
    ) as ViewSnapshot['layers'];
    const search = formatView({ ...plain, layers: none });
    expect(search).toBe('?layers=');
    expect(parseView(search).layers).toEqual(none);
  });

  test('parameters of others are kept, and the view replaces its own', () => {
    const search = formatView(busy, '?next=%2Faccount&asOf=2020-01-01&tab=stats');
    const p = new URLSearchParams(search);
    expect(p.get('next')).toBe('/account');
    expect(p.get('tab')).toBe('stats');
    expect(p.getAll('asOf')).toEqual(['2026-01-15']);
    expect(formatView(plain, '?tab=stats&q=old')).toBe('?tab=stats');
  });

  test('text with diacritics and reserved characters survives', () => {
    const view = { ...plain, filters: { ...EMPTY_FILTERS, q: 'Đức Xuân & số 5/7, tổ 1' } };
    expect(parseView(formatView(view)).filters.q).toBe('Đức Xuân & số 5/7, tổ 1');
  });

  test('malformed parameters are ignored rather than trusted', () => {
    const parsed = parseView(
      '?map=99/500/1&layers=violations,nope,wards:abc&kind=<script>,other&ward=x&from=01/02/2026&asOf=yesterday',
    );
    expect(parsed.camera).toBeNull();
    expect(parsed.layers.violations).toEqual({ visible: true, opacity: 1 });
    expect(parsed.layers.wards).toEqual({ visible: true, opacity: 1 });
    expect(parsed.layers.projects.visible).toBe(false);
    expect(parsed.filters.kinds).toEqual(['other']);
    expect(parsed.filters.ward).toBeNull();
    expect(parsed.filters.from).toBeNull();
    expect(parsed.asOf).toBeNull();
  });

  test('opacity is clamped to 0–100 %', () => {
    expect(parseView('?layers=wards:250').layers.wards.opacity).toBe(1);
    expect(parseView('?layers=wards:-5').layers.wards.opacity).toBe(0);
  });
});
