import { describe, expect, test } from 'vitest';
import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import type { StyleSpecification } from 'maplibre-gl';
import { baseStyle } from '../../../web/src/lib/map/base-style.ts';

const ORIGIN = 'http://localhost:8080';

describe('baseStyle', () => {
  test('is offline by default: no sources, no glyph or sprite server, a valid style', () => {
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
