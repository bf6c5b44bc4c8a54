/**
 * Golden file for ward lookup: each point of test/fixtures/in/ward-points.geojson with the unit
 * the server derives for it. Run with REGEN=1 to rewrite the expected file, then review the diff.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import type { FeatureCollection, Point } from 'geojson';
import { reference } from '../helpers.ts';

const input = new URL('../../fixtures/in/ward-points.geojson', import.meta.url);
const expected = new URL('../../fixtures/out/ward-points.geojson', import.meta.url);

test('every fixture point gets the ward in the golden file', () => {
  const points = JSON.parse(readFileSync(input, 'utf8')) as FeatureCollection<Point>;
  const located = {
    ...points,
    features: points.features.map((f) => ({
      ...f,
      properties: {
        ...f.properties,
        ward: reference.wards.atPoint(f.geometry.coordinates)?.code ?? null,
      },
    })),
  };
  const text = `${JSON.stringify(located, null, 1)}\n`;
  if (process.env.REGEN) writeFileSync(expected, text);
  expect(text).toBe(readFileSync(expected, 'utf8'));
});
