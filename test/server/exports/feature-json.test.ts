/**
 * Features written as text are the bytes JSON.stringify makes of the same objects, and a stored
 * state's geometry is cut out of its text only when that text is nothing but a type and numbers.
 */
import { expect, test } from 'vitest';
import { featureWriter } from '../../../server/exports/feature-json.ts';
import { cutGeometry } from '../../../server/exports/source.ts';

test('a feature is written as JSON.stringify writes it, undefined values left out', () => {
  const geometry = { type: 'Point', coordinates: [105.8485325, 22.169732] };
  const values = ['a "quoted"\n\u0001 text', 3, true, null, undefined, -0, 1e21];
  const names = ['text', 'n', 'flag', 'none', 'gone', 'zero', 'big'];
  const properties = (head: object) =>
    Object.fromEntries([...Object.entries(head), ...names.map((n, i) => [n, values[i]])]);
  const write = featureWriter(names);
  expect(write('id-1', JSON.stringify(geometry), values as never)).toBe(
    JSON.stringify({ type: 'Feature', id: 'id-1', geometry, properties: properties({}) }),
  );
  const layered = featureWriter(names, 'violations');
  expect(layered('id-1', 'null', values as never)).toBe(
    JSON.stringify({
      type: 'Feature',
      id: 'id-1',
      geometry: null,
      properties: properties({ layer: 'violations' }),
    }),
  );
  // A first value left out takes no comma with it.
  expect(featureWriter(['gone', 'n'])('x', 'null', [undefined, 1] as never)).toBe(
    '{"type":"Feature","id":"x","geometry":null,"properties":{"n":1}}',
  );
});

test("a stored feature's geometry is cut out as its own text", () => {
  const feature = {
    type: 'Feature',
    id: 'a","geometry":1',
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [105.1, 22.2],
          [105.2, 22.2],
          [105.1, 22.3],
          [105.1, 22.2],
        ],
      ],
    },
    properties: { description: ',"properties":{}', n: 1e-7 },
  };
  const json = JSON.stringify(feature);
  const cut = cutGeometry(json)!;
  expect(cut.geometry).toBe(JSON.stringify(feature.geometry));
  expect(JSON.parse(cut.rest)).toEqual({ ...feature, geometry: null });
  const none = JSON.stringify({ ...feature, geometry: null });
  expect(cutGeometry(none)).toEqual({ rest: none, geometry: 'null' });
});

test('anything but a plain geometry in the usual order is left to be parsed whole', () => {
  const geometry = { type: 'Point', coordinates: [1, 2] };
  const properties = { a: 1 };
  // A foreign member, another key order, spaces: not the shape the cut relies on.
  const bbox = {
    type: 'Feature',
    id: 'x',
    geometry: { ...geometry, bbox: [1, 2, 1, 2] },
    properties,
  };
  expect(cutGeometry(JSON.stringify(bbox))).toBeNull();
  expect(
    cutGeometry(JSON.stringify({ id: 'x', type: 'Feature', geometry, properties })),
  ).toBeNull();
  expect(
    cutGeometry(JSON.stringify({ type: 'Feature', id: 'x', geometry, properties }, null, 1)),
  ).toBeNull();
  expect(cutGeometry(JSON.stringify({ type: 'Feature', id: 'x', geometry }))).toBeNull();
});
