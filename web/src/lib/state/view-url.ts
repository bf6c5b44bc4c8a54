/**
 * The planner's view written into a query string and read back: pure functions, so a bookmarked
 * or shared link is tested without a browser. Parameter names are short and readable:
 *
 *   ?map=15.5/22.1470/105.8340          zoom/lat/lon, as openstreetmap.org writes it
 *   &layers=violations,wards2024:60     visible layers; ":60" is an opacity of 60 %
 *   &kind=road_encroachment,other       violation kinds
 *   &status=reported,verified           violation statuses
 *   &stage=counting                     project stages
 *   &gapStatus=open                     criteria-gap statuses
 *   &ward=2025-01843  &from=2026-01-01  &to=2026-01-31  &q=lan chiem
 *   &asOf=2026-01-15                    the map as it stood at the end of that day
 *
 * A parameter left at its default is not written, so the plain map keeps a plain address.
 * Parameters this module does not own (a sign-in's `next`, another panel's own) are kept.
 */

/** Every layer the planner can switch, in the order the layer panel lists them. */
export const LAYER_IDS = [
  'violations',
  'projects',
  'gaps',
  'complaints',
  'wards',
  'wards2024',
  'choropleth',
] as const;
export type LayerId = (typeof LAYER_IDS)[number];

/**
 * On a first visit: the records and the current wards; petitions, former units and statistics on
 * demand.
 */
export const DEFAULT_VISIBLE: readonly LayerId[] = ['violations', 'projects', 'gaps', 'wards'];

export interface LayerSetting {
  visible: boolean;
  /** 0 (transparent) to 1 (as drawn). */
  opacity: number;
}

export interface ViewFilters {
  kinds: string[];
  statuses: string[];
  stages: string[];
  gapStatuses: string[];
  /** A unit's period-code id, e.g. 2025-01843. */
  ward: string | null;
  /** The period, YYYY-MM-DD, both ends included. */
  from: string | null;
  to: string | null;
  /** Free text; the server ignores diacritics. */
  q: string;
}

export interface Camera {
  center: [lon: number, lat: number];
  zoom: number;
}

export interface ViewSnapshot {
  /** Null when the URL names no place: the map fits the service area. */
  camera: Camera | null;
  layers: Record<LayerId, LayerSetting>;
  filters: ViewFilters;
  /** YYYY-MM-DD, or null for now. */
  asOf: string | null;
}

export const EMPTY_FILTERS: ViewFilters = {
  kinds: [],
  statuses: [],
  stages: [],
  gapStatuses: [],
  ward: null,
  from: null,
  to: null,
  q: '',
};

export function defaultLayers(): Record<LayerId, LayerSetting> {
  return Object.fromEntries(
    LAYER_IDS.map((id) => [id, { visible: DEFAULT_VISIBLE.includes(id), opacity: 1 }]),
  ) as Record<LayerId, LayerSetting>;
}

/** Every parameter this module reads and writes; the rest of a query string is left alone. */
const OWN = [
  'map',
  'layers',
  'kind',
  'status',
  'stage',
  'gapStatus',
  'ward',
  'from',
  'to',
  'q',
  'asOf',
];

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const WARD = /^\d{4}-\d{5}$/;
const WORD = /^[a-z_]+$/;

const list = (value: string | null): string[] =>
  [...new Set((value ?? '').split(',').map((s) => s.trim()))].filter((s) => WORD.test(s));

const date = (value: string | null): string | null => (value && DATE.test(value) ? value : null);

function camera(value: string | null): Camera | null {
  const parts = (value ?? '').split('/').map(Number);
  if (parts.length !== 3 || parts.some((n) => !Number.isFinite(n))) return null;
  const [zoom, lat, lon] = parts as [number, number, number];
  if (zoom < 0 || zoom > 24 || Math.abs(lat) > 90 || Math.abs(lon) > 180) return null;
  return { center: [lon, lat], zoom };
}

function layers(value: string | null): Record<LayerId, LayerSetting> {
  const result = defaultLayers();
  if (value === null) return result;
  for (const id of LAYER_IDS) result[id].visible = false;
  for (const entry of value.split(',')) {
    const [id, percent] = entry.split(':');
    if (!(LAYER_IDS as readonly string[]).includes(id!)) continue;
    const opacity = percent === undefined ? 100 : Number(percent);
    result[id as LayerId] = {
      visible: true,
      opacity: Number.isFinite(opacity) ? Math.min(100, Math.max(0, opacity)) / 100 : 1,
    };
  }
  return result;
}

/** Reads a view from a query string (with or without its "?"); anything malformed is ignored. */
export function parseView(search: string): ViewSnapshot {
  const p = new URLSearchParams(search);
  const ward = p.get('ward');
  return {
    camera: camera(p.get('map')),
    layers: layers(p.get('layers')),
    filters: {
      kinds: list(p.get('kind')),
      statuses: list(p.get('status')),
      stages: list(p.get('stage')),
      gapStatuses: list(p.get('gapStatus')),
      ward: ward && WARD.test(ward) ? ward : null,
      from: date(p.get('from')),
      to: date(p.get('to')),
      q: (p.get('q') ?? '').slice(0, 200),
    },
    asOf: date(p.get('asOf')),
  };
}

/** Digits enough for a metre at the zoom shown, no more: a short link. */
function formatCamera({ center: [lon, lat], zoom }: Camera): string {
  // A pixel is about 360° / 2^(zoom + 8); five decimals at zoom 15 are about a metre.
  const digits = Math.min(7, Math.max(2, Math.ceil(zoom * Math.log10(2))));
  return `${Math.round(zoom * 100) / 100}/${lat.toFixed(digits)}/${lon.toFixed(digits)}`;
}

function formatLayers(settings: Record<LayerId, LayerSetting>): string | null {
  const isDefault = LAYER_IDS.every(
    (id) => settings[id].visible === DEFAULT_VISIBLE.includes(id) && settings[id].opacity === 1,
  );
  if (isDefault) return null;
  return LAYER_IDS.filter((id) => settings[id].visible)
    .map((id) => {
      const percent = Math.round(settings[id].opacity * 100);
      return percent === 100 ? id : `${id}:${percent}`;
    })
    .join(',');
}

/**
 * The query string for a view ("" or "?…"), keeping the parameters of `base` that are not the
 * view's own. Commas stay readable: they are safe in a query string.
 */
export function formatView(view: ViewSnapshot, base = ''): string {
  const p = new URLSearchParams(base);
  for (const key of OWN) p.delete(key);
  const f = view.filters;
  const set = (key: string, value: string | null) => {
    if (value) p.set(key, value);
  };
  if (view.camera) set('map', formatCamera(view.camera));
  const layerList = formatLayers(view.layers);
  // An empty list is a view too (every layer off), unlike a missing one (the default layers).
  if (layerList !== null) p.set('layers', layerList);
  set('kind', f.kinds.join(','));
  set('status', f.statuses.join(','));
  set('stage', f.stages.join(','));
  set('gapStatus', f.gapStatuses.join(','));
  set('ward', f.ward);
  set('from', f.from);
  set('to', f.to);
  set('q', f.q.trim());
  set('asOf', view.asOf);
  const text = p.toString().replaceAll('%2C', ',').replaceAll('%2F', '/').replaceAll('%3A', ':');
  return text ? `?${text}` : '';
}
