import { describe, expect, test } from 'vitest';
import type { Map } from 'maplibre-gl';
import { cameraDiffers, cameraOf } from '../../../web/src/lib/map/camera.ts';
import { underRecords } from '../../../web/src/lib/map/layer-order.ts';

describe('the camera in the URL', () => {
  test('reads the map as lon/lat and zoom', () => {
    const map = { getCenter: () => ({ lng: 105.83, lat: 22.14 }), getZoom: () => 15.5 };
    expect(cameraOf(map as unknown as Map)).toEqual({ center: [105.83, 22.14], zoom: 15.5 });
  });

  test('a position rounded for the URL is no move, a pan of a few pixels is', () => {
    const here = { center: [105.834123, 22.147456] as [number, number], zoom: 16 };
    const rounded = { center: [105.83412, 22.14746] as [number, number], zoom: 16 };
    const panned = { center: [105.8345, 22.147456] as [number, number], zoom: 16 };
    expect(cameraDiffers(here, rounded)).toBe(false);
    expect(cameraDiffers(here, panned)).toBe(true);
    expect(cameraDiffers(here, { ...here, zoom: 16.5 })).toBe(true);
  });
});

describe('reference layers go under the records', () => {
  const styleWith = (ids: string[]) => ({
    getStyle: () => ({ layers: ids.map((id) => ({ id })) }),
  });

  test('under the lowest record layer present', () => {
    const map = styleWith(['background', 'wards-fill', 'projects-fill', 'violations-points']);
    expect(underRecords(map as unknown as Map)).toBe('projects-fill');
  });

  test('on top when there is no record layer yet', () => {
    expect(underRecords(styleWith(['background', 'wards-fill']) as unknown as Map)).toBeUndefined();
  });

  test('a prefix names whole ids only: "violationsx" is not a violations layer', () => {
    const map = styleWith(['violationsx', 'violations-areas-fill']);
    expect(underRecords(map as unknown as Map)).toBe('violations-areas-fill');
  });
});
