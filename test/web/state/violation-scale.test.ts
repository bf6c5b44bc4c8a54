import { expect, test } from 'vitest';
import {
  STREET_ZOOM,
  clustersForMap,
  viewSource,
} from '../../../web/src/lib/state/violation-scale.ts';

test('a large data set is drawn from clusters zoomed out, from records at street zoom or in the past', () => {
  expect(viewSource(12, undefined)).toBe('cluster');
  expect(viewSource(STREET_ZOOM - 1, undefined)).toBe('cluster');
  expect(viewSource(STREET_ZOOM, undefined)).toBe('records');
  expect(viewSource(10, '2026-01-31')).toBe('records');
});

test("the server's clusters become what the violations layer draws", () => {
  const at = { type: 'Point' as const, coordinates: [105.83, 22.14] };
  const drawn = clustersForMap({
    type: 'FeatureCollection',
    zoom: 12,
    numberMatched: 1235,
    numberReturned: 2,
    features: [
      {
        type: 'Feature',
        id: 'c9',
        geometry: at,
        properties: { cluster: true, cluster_id: 9, point_count: 1234, expansion_zoom: 14 },
      },
      {
        type: 'Feature',
        id: 'a1b2',
        geometry: at,
        properties: { cluster: false, kind: 'other', status: 'reported', overdue: true },
      },
    ],
  });
  expect(drawn.features.map((f) => f.properties)).toEqual([
    {
      cluster: true,
      cluster_id: 9,
      point_count: 1234,
      point_count_abbreviated: '1.2k',
      expansion_zoom: 14,
      overdue: 0,
    },
    { cluster: false, kind: 'other', status: 'reported', overdue: true, id: 'a1b2' },
  ]);
});
