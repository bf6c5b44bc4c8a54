import { describe, expect, test } from 'vitest';
import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import type { StyleSpecification } from 'maplibre-gl';
import { standsInForStreets } from '../../../server/domain/basemap.ts';
import { baseStyle, loadBaseStyle } from '../../../web/src/lib/map/base-style.ts';

const ORIGIN = 'http://localhost:8080';

describe('baseStyle', () => {
  test('the street map is the style the app serves', () => {
    expect(baseStyle({ type: 'streets', url: 'https://s.example.org/liberty' }, ORIGIN)).toBe(
      'http://localhost:8080/basemap/style.json',
    );
  });

  test('where not even the app answers (no signal, nothing kept), the boundaries stand in, marked', async () => {
    // Nothing listens on port 1 of this machine: the request fails at once.
    const style = await loadBaseStyle(
      { type: 'streets', url: 'https://s.example.org/liberty' },
      'http://127.0.0.1:1',
    );
    expect(standsInForStreets(style)).toBe(true);
    expect(validateStyleMin(style as StyleSpecification)).toEqual([]);
    // Any other basemap is what `baseStyle` makes of it, read from nowhere.
    expect(standsInForStreets(await loadBaseStyle({ type: 'offline' }, 'http://127.0.0.1:1'))).toBe(
      false,
    );
  });

  test('offline: no sources, no glyph or sprite server, a valid style', () => {
    const style = baseStyle({ type: 'offline' }, ORIGIN) as StyleSpecification;
    expect(style.sources).toEqual({});
    expect(style.glyphs).toBeUndefined();
    expect(style.sprite).toBeUndefined();
    expect(validateStyleMin(style)).toEqual([]);
  });

  test('draws configured raster tiles with their attribution', () => {
    const style = baseStyle(
      { type: 'raster', tiles: ['https://t.example.org/{z}/{x}/{y}.png'], attribution: '© X' },
      ORIGIN,
    ) as StyleSpecification;
    expect(style.sources.basemap).toMatchObject({
      type: 'raster',
      tiles: ['https://t.example.org/{z}/{x}/{y}.png'],
      attribution: '© X',
    });
    expect(style.layers.map((l) => l.id)).toEqual(['background', 'basemap']);
    expect(validateStyleMin(style)).toEqual([]);
  });

  test('reads a local PMTiles file through an absolute pmtiles:// URL', () => {
    const style = baseStyle(
      { type: 'pmtiles', url: '/basemap/basemap.pmtiles', attribution: '' },
      ORIGIN,
    ) as StyleSpecification;
    expect(style.sources.basemap).toMatchObject({
      url: 'pmtiles://http://localhost:8080/basemap/basemap.pmtiles',
    });
  });

  test('hands a configured style URL to MapLibre as it is', () => {
    expect(baseStyle({ type: 'style', url: 'https://s.example.org/style.json' }, ORIGIN)).toBe(
      'https://s.example.org/style.json',
    );
  });
});
