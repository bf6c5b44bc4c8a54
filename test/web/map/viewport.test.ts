import { describe, expect, test } from 'vitest';
import type { Map } from 'maplibre-gl';
import { abbreviateCount, viewportOf } from '../../../web/src/lib/map/viewport.ts';

function stubMap(width: number, height: number, zoom: number) {
  const bounds = {
    getWest: () => 105.8,
    getEast: () => 105.9,
    getSouth: () => 22.1,
    getNorth: () => 22.2,
  };
  return {
    getBounds: () => bounds,
    getZoom: () => zoom,
    getCanvas: () => ({ clientWidth: width, clientHeight: height }),
  } as unknown as Pick<Map, 'getBounds' | 'getZoom' | 'getCanvas'>;
}

describe('viewportOf', () => {
  test('pads the view by a quarter on each side, at the whole zoom', () => {
    expect(viewportOf(stubMap(1280, 800, 12.7))).toEqual({
      bbox: [105.775, 22.075, 105.925, 22.225],
      zoom: 12,
    });
  });

  test('pads less on a large screen, so the server never finds the view too large', () => {
    const { bbox } = viewportOf(stubMap(3000, 2000, 14));
    const padded = (bbox[2] - bbox[0]) / 0.1;
    expect(padded * 3000).toBeLessThanOrEqual(3800 + 1e-6);
    expect(viewportOf(stubMap(5000, 3000, 14)).bbox).toEqual([105.8, 22.1, 105.9, 22.2]);
  });
});

test('abbreviateCount', () => {
  expect([950, 1234, 15_400, 1_000_000].map(abbreviateCount)).toEqual([
    '950',
    '1.2k',
    '15k',
    '1000k',
  ]);
});
