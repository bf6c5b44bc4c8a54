/**
 * A street map's server for the browser tests, on this machine: a MapLibre style in the
 * OpenMapTiles manner (its tiles named by a relative address, its labels in `name:latin`, as
 * OpenFreeMap's are) and vector tiles cut from a few features of Bắc Kạn: a street, a building and
 * a named place. It counts what it served, and may be told to hold every answer (a server that is
 * down without saying so).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GeoJSONVT } from '@maplibre/geojson-vt';
import { fromGeojsonVt } from '@maplibre/vt-pbf';
import type { FeatureCollection } from 'geojson';

/** The street's name as the map must write it: Vietnamese first. */
export const STREET = 'Trường Chinh';
export const PLACE = 'Chợ Đức Xuân';
/** Where the features are: the map opens here in the tests. */
export const AT = { lon: 105.8345, lat: 22.1455 };

const FEATURES: Record<string, FeatureCollection> = {
  transportation: {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        properties: { class: 'primary', name: STREET, 'name:latin': 'Truong Chinh' },
        geometry: {
          type: 'LineString',
          coordinates: [
            [AT.lon - 0.004, AT.lat - 0.0004],
            [AT.lon + 0.004, AT.lat + 0.0004],
          ],
        },
      },
    ],
  },
  building: {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        properties: {},
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [AT.lon + 0.0004, AT.lat + 0.0006],
              [AT.lon + 0.0012, AT.lat + 0.0006],
              [AT.lon + 0.0012, AT.lat + 0.0012],
              [AT.lon + 0.0004, AT.lat + 0.0012],
              [AT.lon + 0.0004, AT.lat + 0.0006],
            ],
          ],
        },
      },
    ],
  },
  place: {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        properties: {
          class: 'suburb',
          name: PLACE,
          'name:vi': PLACE,
          'name:latin': 'Cho Duc Xuan',
        },
        geometry: { type: 'Point', coordinates: [AT.lon - 0.0015, AT.lat - 0.0012] },
      },
    ],
  },
};

/** The style as a street map's server writes it: relative tile address, Latin labels. */
function style(): object {
  return {
    version: 8,
    name: 'Test streets',
    sources: {
      openmaptiles: {
        type: 'vector',
        tiles: ['tiles/{z}/{x}/{y}.pbf'],
        minzoom: 0,
        maxzoom: 14,
        attribution: '© OpenStreetMap contributors (test tiles)',
      },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#EFEAE0' } },
      {
        id: 'building',
        type: 'fill',
        source: 'openmaptiles',
        'source-layer': 'building',
        paint: { 'fill-color': '#D9D0C9', 'fill-outline-color': '#BFB4AA' },
      },
      {
        id: 'road_primary',
        type: 'line',
        source: 'openmaptiles',
        'source-layer': 'transportation',
        paint: { 'line-color': '#FFFFFF', 'line-width': 9 },
      },
      {
        id: 'road_name',
        type: 'symbol',
        source: 'openmaptiles',
        'source-layer': 'transportation',
        layout: { 'symbol-placement': 'line', 'text-field': '{name:latin}', 'text-size': 13 },
        paint: { 'text-color': '#333333', 'text-halo-color': '#FFFFFF', 'text-halo-width': 1 },
      },
      {
        id: 'place_label',
        type: 'symbol',
        source: 'openmaptiles',
        'source-layer': 'place',
        layout: { 'text-field': ['get', 'name:latin'], 'text-size': 14 },
        paint: { 'text-color': '#222222', 'text-halo-color': '#FFFFFF', 'text-halo-width': 1.5 },
      },
    ],
  };
}

export interface StreetFixture {
  /** The style's address, to give the app as BASEMAP_STREETS_URL. */
  styleUrl: string;
  /** Paths asked for, in order. */
  readonly served: string[];
  close(): Promise<void>;
}

/** Starts the server on a free port of this machine; `hold` never answers anything. */
export async function startStreetFixture(options: { hold?: boolean } = {}): Promise<StreetFixture> {
  const indexes = Object.fromEntries(
    Object.entries(FEATURES).map(([layer, data]) => [
      layer,
      new GeoJSONVT(data, { maxZoom: 14, indexMaxZoom: 5, tolerance: 1 }),
    ]),
  );
  const served: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://fixture').pathname;
    served.push(path);
    if (options.hold) return; // Accepted, never answered: the app must stop waiting by itself.
    if (path === '/style.json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(style()));
      return;
    }
    const tile = /^\/tiles\/(\d+)\/(\d+)\/(\d+)\.pbf$/.exec(path);
    if (tile) {
      const [z, x, y] = tile.slice(1).map(Number) as [number, number, number];
      const layers = Object.fromEntries(
        Object.entries(indexes).flatMap(([layer, index]) => {
          const t = index.getTile(z, x, y);
          return t ? [[layer, t]] : [];
        }),
      );
      // The browser fetches tiles from the app's page: another origin, so it must allow it.
      res.writeHead(200, {
        'content-type': 'application/x-protobuf',
        'access-control-allow-origin': '*',
      });
      res.end(Buffer.from(fromGeojsonVt(layers, { version: 2, extent: 4096 })));
      return;
    }
    res.writeHead(404).end();
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    styleUrl: `http://127.0.0.1:${port}/style.json`,
    served,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
