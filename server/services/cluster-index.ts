/**
 * supercluster's index of violation positions, built in one thread and used in another. A built
 * index is typed arrays (a KDBush tree per zoom, the cluster tree, the points' coordinates), so it
 * crosses threads by transfer, without a copy: the main thread never spends the seconds a million
 * points take to cluster. Packing reads supercluster's own fields: its version is pinned, and a
 * test compares an index that went through a worker with one built in place.
 */
import KDBush from 'kdbush';
import Supercluster, { type AnyProps } from 'supercluster';

export type ClusterIndex = Supercluster<null, AnyProps>;

/** supercluster's options that shape an index (the rest keep their defaults). */
export interface IndexOptions {
  radius: number;
  maxZoom: number;
  extent: number;
}

/**
 * Positions as one flat array of (record key, longitude, latitude) triples: transferable, and a
 * tenth of the memory of as many objects.
 */
export type PositionTriples = Float64Array;

/** An index as typed arrays, and the list of buffers to transfer with it. */
export interface PackedIndex {
  numPoints: number;
  coords: Float64Array;
  ids: Float64Array;
  /** The distinct trees: several zooms share one where nothing merged between them. */
  trees: { buffer: ArrayBuffer; data: Int32Array }[];
  /** For each zoom (supercluster's `trees` slots), which of `trees` it is; -1 for none. */
  zooms: number[];
}

/** The fields of a loaded Supercluster that hold its index (not in its published types). */
interface IndexFields {
  numPoints: number;
  coords: Float64Array;
  ids: number[] | Float64Array | null;
  props: unknown[];
  trees: (KDBush & { data: Int32Array })[];
}

/** Clusters the positions (record keys become the points' ids). */
export function buildIndex(positions: PositionTriples, options: IndexOptions): ClusterIndex {
  const points = new Array(positions.length / 3);
  for (let i = 0, j = 0; j < positions.length; i++, j += 3) {
    points[i] = {
      type: 'Feature',
      id: positions[j],
      geometry: { type: 'Point', coordinates: [positions[j + 1], positions[j + 2]] },
      properties: null,
    };
  }
  return new Supercluster<null, AnyProps>(options).load(points);
}

export function packIndex(index: ClusterIndex): { packed: PackedIndex; transfer: ArrayBuffer[] } {
  const fields = index as unknown as IndexFields;
  // Zooms under minZoom have no tree.
  const distinct = [...new Set(fields.trees.filter(Boolean))];
  const packed: PackedIndex = {
    numPoints: fields.numPoints,
    coords: fields.coords,
    ids: Float64Array.from(fields.ids ?? []),
    // supercluster keeps its cluster data in `data`, over KDBush's own buffer: the tree's
    // coordinates still view that buffer.
    trees: distinct.map((t) => ({ buffer: t.coords.buffer as ArrayBuffer, data: t.data })),
    zooms: Array.from(fields.trees, (t) => (t ? distinct.indexOf(t) : -1)),
  };
  const buffers = new Set([packed.coords.buffer, packed.ids.buffer] as ArrayBuffer[]);
  for (const t of packed.trees) buffers.add(t.buffer).add(t.data.buffer as ArrayBuffer);
  return { packed, transfer: [...buffers] };
}

export function unpackIndex(packed: PackedIndex, options: IndexOptions): ClusterIndex {
  const index = new Supercluster<null, AnyProps>(options);
  const trees = packed.trees.map((t) => Object.assign(KDBush.from(t.buffer), { data: t.data }));
  const fields: IndexFields = {
    numPoints: packed.numPoints,
    coords: packed.coords,
    ids: packed.ids,
    // Points have no properties: a marker's come from the store, for the few shown.
    props: new Array(packed.numPoints).fill(null),
    trees: packed.zooms.map((i) => trees[i]!),
  };
  return Object.assign(index, fields);
}

/** Positions as the store reads them, as triples. */
export function toTriples(
  positions: Iterable<{ key: number; lon: number; lat: number }>,
): PositionTriples {
  let out = new Float64Array(3 * 1024);
  let n = 0;
  for (const { key, lon, lat } of positions) {
    if (n + 3 > out.length) {
      const larger = new Float64Array(out.length * 2);
      larger.set(out);
      out = larger;
    }
    out[n++] = key;
    out[n++] = lon;
    out[n++] = lat;
  }
  return out.slice(0, n);
}

/** How many points an index holds. */
export function indexSize(index: ClusterIndex): number {
  return (index as unknown as IndexFields).numPoints;
}
