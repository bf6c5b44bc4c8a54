import { describe, expect, test } from 'vitest';
import type { GeoJSONSource, LngLatBounds, LngLatLike, Map } from 'maplibre-gl';
import {
  recordIdOf,
  revealRecord,
  selectRecord,
  zoomToCluster,
} from '../../../web/src/lib/map/interactions.ts';

function stubMap(expansionZoom: number) {
  const eased: unknown[] = [];
  const source = {
    getClusterExpansionZoom: async (id: number) => expansionZoom + id * 0,
  } as Partial<GeoJSONSource>;
  const map: Pick<Map, 'getSource' | 'easeTo'> = {
    getSource: ((id: string) => (id === 'violations' ? source : undefined)) as Map['getSource'],
    easeTo: ((options: unknown) => {
      eased.push(options);
      return map;
    }) as Map['easeTo'],
  };
  return { map, eased };
}

const cluster = {
  properties: { cluster_id: 7, point_count: 3 },
  geometry: { type: 'Point' as const, coordinates: [105.83, 22.14] },
};

describe('zoomToCluster', () => {
  test('eases to the cluster at the zoom where it splits', async () => {
    const { map, eased } = stubMap(15);
    expect(await zoomToCluster(map, 'violations', cluster)).toBe(15);
    expect(eased).toEqual([{ center: [105.83, 22.14], zoom: 15 }]);
  });

  test("eases to a server cluster's own expansion zoom, without asking a source", async () => {
    const { map, eased } = stubMap(15);
    const server = { ...cluster, properties: { ...cluster.properties, expansion_zoom: 13 } };
    expect(await zoomToCluster(map, 'nope', server)).toBe(13);
    expect(eased).toEqual([{ center: [105.83, 22.14], zoom: 13 }]);
  });

  test('does nothing for a feature that is not a cluster or a source that is missing', async () => {
    const { map, eased } = stubMap(15);
    expect(
      await zoomToCluster(map, 'violations', { ...cluster, properties: { id: 'x' } }),
    ).toBeUndefined();
    expect(await zoomToCluster(map, 'nope', cluster)).toBeUndefined();
    expect(eased).toEqual([]);
  });
});

describe('recordIdOf', () => {
  test('answers the id of the top feature, or nothing', () => {
    expect(recordIdOf([{ properties: { id: 'a' } }, { properties: { id: 'b' } }])).toBe('a');
    expect(recordIdOf([{ properties: { cluster_id: 3 } }])).toBeUndefined();
    expect(recordIdOf(undefined)).toBeUndefined();
  });

  test("a layer's click opens the record under it, and nothing for a cluster", () => {
    const opened: string[] = [];
    const click = selectRecord((id) => opened.push(id));
    click({ features: [{ properties: { id: 'a' } }] as never });
    click({ features: [{ properties: { cluster_id: 3 } }] as never });
    click({ features: undefined });
    expect(opened).toEqual(['a']);
  });
});

describe('revealRecord', () => {
  /** A map looking at [west, south, east, north] from `zoom`, recording where it eased to. */
  function lookingAt([w, s, e, n]: number[], zoom: number) {
    const eased: unknown[] = [];
    const map: Pick<Map, 'getBounds' | 'getZoom' | 'easeTo'> = {
      getBounds: () =>
        ({
          contains: (at: LngLatLike) => {
            const [lon, lat] = at as [number, number];
            return lon >= w! && lon <= e! && lat >= s! && lat <= n!;
          },
        }) as LngLatBounds,
      getZoom: () => zoom,
      easeTo: ((options: unknown) => {
        eased.push(options);
        return map;
      }) as Map['easeTo'],
    };
    return { map, eased };
  }
  const record = {
    type: 'Feature' as const,
    properties: {},
    geometry: { type: 'Point' as const, coordinates: [105.83, 22.14] },
  };

  test('leaves a record in sight at street zoom where it is', () => {
    const { map, eased } = lookingAt([105.8, 22.1, 105.9, 22.2], 14);
    revealRecord(map, record);
    expect(eased).toEqual([]);
  });

  test('eases to a record off screen, keeping a closer zoom', () => {
    const { map, eased } = lookingAt([105.0, 21.0, 105.1, 21.1], 16);
    revealRecord(map, record);
    expect(eased).toEqual([{ center: [105.83, 22.14], zoom: 16 }]);
  });

  test('zooms in to a record in sight from a town-wide zoom', () => {
    const { map, eased } = lookingAt([105, 21, 107, 23], 11);
    revealRecord(map, record);
    expect(eased).toEqual([{ center: [105.83, 22.14], zoom: 15 }]);
  });
});
