import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { exifTime } from '../../../server/domain/violations/photo-metadata.ts';
import { readPhotoMetadata } from '../../../web/src/lib/photos/exif.ts';
import { fitWithin } from '../../../web/src/lib/photos/prepare.ts';
import { withExif } from '../../fixtures/photos/exif.ts';

const street = readFileSync(new URL('../../fixtures/photos/street.jpg', import.meta.url));

describe('reading a photo’s EXIF in the browser build of exifr', () => {
  test('finds the time and place the camera wrote', async () => {
    const photo = withExif(street, {
      dateTimeOriginal: '2026:03:10 09:15:02',
      offsetTimeOriginal: '+07:00',
      gps: { lat: 22.1465, lon: 105.8352 },
    });
    expect(await readPhotoMetadata(new Uint8Array(photo))).toEqual({
      taken_at: '2026-03-10T02:15:02.000Z',
      position: [105.8352, 22.1465],
    });
  });

  test('takes a camera clock without a zone as Vietnam time', async () => {
    const photo = withExif(street, { dateTimeOriginal: '2026:03:10 09:15:02' });
    expect((await readPhotoMetadata(new Uint8Array(photo))).taken_at).toBe(
      '2026-03-10T02:15:02.000Z',
    );
  });

  test('a photo without EXIF has no time and no place', async () => {
    expect(await readPhotoMetadata(new Uint8Array(street))).toEqual({
      taken_at: null,
      position: null,
    });
  });

  test('an unreadable time is none, not a guess', () => {
    expect(exifTime('0000:00:00 00:00:00', null)).toBeNull();
    expect(exifTime(12, null)).toBeNull();
    expect(exifTime('2026:03:10 09:15:02', '-05:00')).toBe('2026-03-10T14:15:02.000Z');
  });
});

describe('downscaling', () => {
  test('fits the longest side and never enlarges', () => {
    expect(fitWithin(4000, 3000, 1600)).toEqual([1600, 1200]);
    expect(fitWithin(3000, 4000, 320)).toEqual([240, 320]);
    expect(fitWithin(64, 48, 1600)).toEqual([64, 48]);
  });
});
