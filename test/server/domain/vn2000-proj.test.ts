/**
 * Our VN-2000 numbers (proj4js) against PROJ itself, through GDAL's command-line tools, for
 * points across the service area: the exports' grid columns must agree with what QGIS and
 * gdaltransform compute, to a centimetre. cs2cs takes latitude first, gdaltransform longitude first.
 */
import { bbox as turfBbox } from '@turf/turf';
import type { Position } from 'geojson';
import { describe, expect, test } from 'vitest';
import { toVn2000 } from '../../../server/domain/vn2000.ts';
import { gdalTool, runTool } from '../gdal.ts';
import { DUC_XUAN_POINT, insideWard, reference } from '../helpers.ts';

const [minLon, minLat, maxLon, maxLat] = turfBbox(reference.wards.serviceArea) as number[];
const POINTS: Position[] = [
  DUC_XUAN_POINT,
  insideWard('2025-01840'),
  insideWard('2025-01843'),
  insideWard('2025-01849'),
  [minLon!, minLat!],
  [maxLon!, maxLat!],
];

/** Easting and northing per line of a tool's output. */
function parse(stdout: string): [number, number][] {
  return stdout
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).slice(0, 2).map(Number) as [number, number]);
}

function expectAgreement(theirs: [number, number][]): void {
  expect(theirs).toHaveLength(POINTS.length);
  POINTS.forEach(([lon, lat], i) => {
    const ours = toVn2000(lon!, lat!);
    const [easting, northing] = theirs[i]!;
    expect(Math.abs(ours.easting - easting), `easting at ${lon}, ${lat}`).toBeLessThan(0.01);
    expect(Math.abs(ours.northing - northing), `northing at ${lon}, ${lat}`).toBeLessThan(0.01);
  });
}

describe('toVn2000 agrees with PROJ to 1 cm across the service area', () => {
  test('gdaltransform (longitude first)', async () => {
    const input = POINTS.map(([lon, lat]) => `${lon} ${lat}`).join('\n');
    const run = await runTool(
      gdalTool('gdaltransform'),
      ['-s_srs', 'EPSG:4326', '-t_srs', 'EPSG:9213', '-output_xy'],
      { input: `${input}\n` },
    );
    expect(run.status, run.stderr).toBe(0);
    expectAgreement(parse(run.stdout));
  });

  test('cs2cs (latitude first)', async () => {
    const input = POINTS.map(([lon, lat]) => `${lat} ${lon}`).join('\n');
    const run = await runTool(gdalTool('cs2cs'), ['-f', '%.4f', 'EPSG:4326', 'EPSG:9213'], {
      input: `${input}\n`,
    });
    expect(run.status, run.stderr).toBe(0);
    expectAgreement(parse(run.stdout));
  });
});
