import proj4 from 'proj4';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { fromVn2000, toVn2000, VN2000_PROJ4 } from '../../../server/domain/vn2000.ts';

/** DOMAIN.md §5: the check value computed by GDAL/PROJ for lon 105.8340, lat 22.1470. */
const CHECK = { lon: 105.834, lat: 22.147, easting: 431_109.04, northing: 2_450_092.94 };

/** Metres between our result and the check value. */
function offBy(params: string): number {
  const [e, n] = proj4('EPSG:4326', params).forward([CHECK.lon, CHECK.lat]);
  return Math.hypot(e! - CHECK.easting, n! - CHECK.northing);
}

describe('VN-2000 / TM-3 106-30', () => {
  test('matches the GDAL/PROJ check value to 1 cm', () => {
    const { easting, northing } = toVn2000(CHECK.lon, CHECK.lat);
    expect(Math.abs(easting - CHECK.easting)).toBeLessThan(0.01);
    expect(Math.abs(northing - CHECK.northing)).toBeLessThan(0.01);
  });

  test('the decision’s rotation signs copied verbatim miss by decimetres', () => {
    // QĐ 05/2007 states the rotations with the opposite (coordinate-frame) sign convention.
    const verbatim = VN2000_PROJ4.replace(
      '0.00928836,-0.01975479,0.00427372',
      '-0.00928836,0.01975479,-0.00427372',
    );
    expect(verbatim).not.toBe(VN2000_PROJ4);
    expect(offBy(verbatim)).toBeGreaterThan(0.3);
  });

  test('leaving out the datum shift misses by hundreds of metres', () => {
    const noShift = VN2000_PROJ4.replace(/\+towgs84=\S+ /, '');
    expect(offBy(noShift)).toBeGreaterThan(100);
  });

  test('northing and easting are not swapped: Bắc Kạn is ~2450 km north, west of 106°30′', () => {
    const { easting, northing } = toVn2000(CHECK.lon, CHECK.lat);
    expect(northing).toBeGreaterThan(2_000_000);
    expect(easting).toBeLessThan(500_000);
  });

  test('the inverse gives the position back to a millimetre across the province', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 105.3, max: 106.3, noNaN: true }),
        fc.double({ min: 21.3, max: 22.8, noNaN: true }),
        (lon, lat) => {
          const [lon2, lat2] = fromVn2000(toVn2000(lon, lat));
          // 1e-8 degrees is about a millimetre.
          expect(Math.abs(lon2 - lon)).toBeLessThan(1e-8);
          expect(Math.abs(lat2 - lat)).toBeLessThan(1e-8);
        },
      ),
    );
  });
});
