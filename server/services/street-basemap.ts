/**
 * The street map's style as the app serves it (/basemap/style.json): read from its server,
 * Vietnamese names first, its addresses made absolute; or, when that server cannot be reached
 * within the wait, the offline style marked as standing in for it, so the map opens at once with
 * the boundaries and says the streets are offline. The browser never asks a server that is down,
 * so no failed request shows in its console.
 *
 * A style read is kept for an hour; a failure is remembered for a minute before the next try, so
 * a server with no internet answers at once. Each read is a GET of one JSON file: nothing about
 * the app's users leaves with it.
 */
import { offlineStyle, type BasemapConfig } from '../domain/basemap.ts';
import type { StyleSpecification } from '@maplibre/maplibre-gl-style-spec';

export interface StreetBasemapOptions {
  /** How long the style's server may take before the offline style is served (3 s). */
  waitMs?: number;
  /** How long a style read is served before it is read again (an hour). */
  keepMs?: number;
  /** How long after a failure the next read waits (a minute). */
  retryMs?: number;
  now?: () => number;
}

/** The name of a place or a street in Vietnamese, else as it is written there. */
const VIETNAMESE_FIRST = ['coalesce', ['get', 'name:vi'], ['get', 'name']];

/** A text field that writes a name (not a house number or a road's ref). */
function writesName(field: unknown): boolean {
  return JSON.stringify(field ?? '').includes('name');
}

/**
 * An address in the style, absolute against the style's own: relative ones would be read
 * against this app. Templates keep their braces ({z}, {fontstack}) as written.
 */
function absolute(url: string, base: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(url)) return url;
  return new URL(url, base).href.replace(/%7B/g, '{').replace(/%7D/g, '}');
}

/** The style as the app serves it: names in Vietnamese first, every address absolute. */
export function servedStyle(style: StyleSpecification, base: string): StyleSpecification {
  const sources = Object.fromEntries(
    Object.entries(style.sources ?? {}).map(([id, source]) => {
      const s = { ...source } as Record<string, unknown>;
      if (typeof s.url === 'string') s.url = absolute(s.url, base);
      if (Array.isArray(s.tiles)) s.tiles = s.tiles.map((t: string) => absolute(t, base));
      if (typeof s.data === 'string') s.data = absolute(s.data, base);
      return [id, s];
    }),
  ) as StyleSpecification['sources'];
  const sprite =
    typeof style.sprite === 'string'
      ? absolute(style.sprite, base)
      : style.sprite?.map((s) => ({ ...s, url: absolute(s.url, base) }));
  const layers = style.layers.map((layer) => {
    if (layer.type !== 'symbol' || !writesName(layer.layout?.['text-field'])) return layer;
    return { ...layer, layout: { ...layer.layout, 'text-field': VIETNAMESE_FIRST } };
  }) as StyleSpecification['layers'];
  return {
    ...style,
    sources,
    layers,
    ...(sprite ? { sprite } : {}),
    ...(style.glyphs ? { glyphs: absolute(style.glyphs, base) } : {}),
  };
}

function isStyle(value: unknown): value is StyleSpecification {
  const v = value as Partial<StyleSpecification> | null;
  return !!v && v.version === 8 && typeof v.sources === 'object' && Array.isArray(v.layers);
}

export class StreetBasemap {
  readonly #url: string;
  readonly #waitMs: number;
  readonly #keepMs: number;
  readonly #retryMs: number;
  readonly #now: () => number;
  #kept: { style: StyleSpecification; at: number } | null = null;
  #failedAt: number | null = null;
  #reading: Promise<StyleSpecification | null> | null = null;

  constructor(url: string, options: StreetBasemapOptions = {}) {
    this.#url = url;
    this.#waitMs = options.waitMs ?? 3_000;
    this.#keepMs = options.keepMs ?? 3_600_000;
    this.#retryMs = options.retryMs ?? 60_000;
    this.#now = options.now ?? Date.now;
  }

  /** The style to serve now: the street map's, or the offline one marked as its stand-in. */
  async style(): Promise<StyleSpecification> {
    const now = this.#now();
    const kept = this.#kept;
    if (kept && now - kept.at < this.#keepMs) return kept.style;
    const failedLately = this.#failedAt !== null && now - this.#failedAt < this.#retryMs;
    // A style read earlier is still a street map: served while a new read is under way.
    const read = failedLately ? null : await this.#read();
    return read ?? kept?.style ?? offlineStyle(true);
  }

  /** Reads the style once at a time; null when it could not be had within the wait. */
  #read(): Promise<StyleSpecification | null> {
    if (!this.#reading) {
      const reading = this.#fetch();
      this.#reading = reading;
      void reading.finally(() => {
        if (this.#reading === reading) this.#reading = null;
      });
    }
    return this.#reading;
  }

  async #fetch(): Promise<StyleSpecification | null> {
    const signal = AbortSignal.timeout(this.#waitMs);
    try {
      const answer = await this.#get(signal);
      if (!answer.ok) throw new Error(`HTTP ${answer.status}`);
      const style: unknown = await answer.json();
      if (!isStyle(style)) throw new Error('not a MapLibre style');
      const served = servedStyle(style, answer.url || this.#url);
      this.#kept = { style: served, at: this.#now() };
      this.#failedAt = null;
      return served;
    } catch {
      this.#failedAt = this.#now();
      return null;
    }
  }

  /**
   * The style's GET, sent once more when the connection broke before an answer (one kept open
   * since the last read, which the other side had closed meanwhile), within the same wait.
   */
  async #get(signal: AbortSignal): Promise<Response> {
    const ask = () => fetch(this.#url, { signal, headers: { accept: 'application/json' } });
    try {
      return await ask();
    } catch (error) {
      if (signal.aborted) throw error;
      return ask();
    }
  }
}

/** The street map of a deployment that has one; null for every other basemap. */
export function streetBasemap(config: BasemapConfig): StreetBasemap | null {
  return config.type === 'streets' ? new StreetBasemap(config.url) : null;
}
