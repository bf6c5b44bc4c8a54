import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  featuresOf,
  FeatureStreamError,
  type FeatureItem,
} from '../../../server/import/feature-stream.ts';

async function* chunked(text: string, cuts: number[]): AsyncGenerator<string> {
  let at = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    yield text.slice(at, cut);
    at = cut;
  }
  yield text.slice(at);
}

async function read(text: string, cuts: number[] = []): Promise<FeatureItem[]> {
  const items: FeatureItem[] = [];
  for await (const item of featuresOf(chunked(text, cuts))) items.push(item);
  return items;
}

const FEATURES = [
  {
    type: 'Feature',
    id: 'a',
    geometry: { type: 'Point', coordinates: [105.834, 22.147] },
    // Braces, brackets, quotes and escapes inside strings are text, not structure.
    properties: { description: 'Lấn chiếm "vỉa hè" {đường} [số 3] \\ \u0111', features: [1, 2] },
  },
  {
    type: 'Feature',
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [1, 2],
          [3, 4],
          [1, 2],
        ],
      ],
    },
    properties: { type: 'features', nested: { features: { type: 'Point' } } },
  },
];

describe('featuresOf', () => {
  test('yields every feature of a collection, in order, with its index', async () => {
    const text = JSON.stringify(
      { type: 'FeatureCollection', name: 'x', features: FEATURES },
      null,
      2,
    );
    expect(await read(text)).toEqual(FEATURES.map((value, index) => ({ index, value })));
  });

  test('gives the same features however the text is cut into chunks', async () => {
    const text = JSON.stringify({
      features: FEATURES,
      type: 'FeatureCollection',
      bbox: [1, 2, 3, 4],
    });
    const expected = FEATURES.map((value, index) => ({ index, value }));
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: text.length }), { maxLength: 40 }),
        async (cuts) => {
          expect(await read(text, cuts)).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
    // One character at a time, the worst case of a slow network read.
    expect(
      await read(
        text,
        [...text].map((_, i) => i),
      ),
    ).toEqual(expected);
  });

  test('elements that are not objects come through for the caller to refuse', async () => {
    const text = '{"type":"FeatureCollection","features":[null, 12 ,"x", [1], {"a":1}]}';
    expect((await read(text)).map((i) => ('value' in i ? i.value : i.error))).toEqual([
      null,
      12,
      'x',
      [1],
      { a: 1 },
    ]);
  });

  test('an element that is not JSON is reported at its index and the rest still read', async () => {
    const text = '{"type":"FeatureCollection","features":[{"a":1},{"a":tru},{"b":2}]}';
    const items = await read(text);
    expect(items[0]).toEqual({ index: 0, value: { a: 1 } });
    expect(items[1]).toMatchObject({ index: 1, error: expect.any(String) });
    expect(items[2]).toEqual({ index: 2, value: { b: 2 } });
  });

  test('an empty collection yields nothing', async () => {
    expect(await read('{"type":"FeatureCollection","features":[]}')).toEqual([]);
  });

  test.each([
    ['a single Feature', JSON.stringify(FEATURES[0]), /FeatureCollection/],
    ['another type', '{"type":"Topology","features":[]}', /"Topology"/],
    ['an array', '[{"type":"Feature"}]', /not a JSON object/],
    ['no features array', '{"type":"FeatureCollection"}', /no "features"/],
    [
      'a file cut short',
      '{"type":"FeatureCollection","features":[{"a":1},{"b":',
      /ends in the middle/,
    ],
    ['text that is not JSON', 'type,kind\n1,2', /not a JSON object/],
  ])('refuses %s', async (_, text, message) => {
    await expect(read(text)).rejects.toThrow(FeatureStreamError);
    await expect(read(text)).rejects.toThrow(message);
  });
});
