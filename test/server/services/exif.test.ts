import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { readPhotoMetadata } from '../../../server/services/exif.ts';
import { withExif } from '../../fixtures/photos/exif.ts';

const JPEG = readFileSync(new URL('../../fixtures/photos/street.jpg', import.meta.url));

describe('readPhotoMetadata (EXIF with exifr)', () => {
  test('reads the time with the offset the camera wrote, and the GPS position', async () => {
    // A camera still on Japan time: its own offset wins over the office's.
    const photo = withExif(JPEG, {
      dateTimeOriginal: '2026:03:10 09:15:02',
      offsetTimeOriginal: '+09:00',
      gps: { lat: 22.147, lon: 105.834 },
    });
    const meta = await readPhotoMetadata(photo);
    expect(meta.taken_at).toBe('2026-03-10T00:15:02.000Z');
    expect(meta.position![0]).toBeCloseTo(105.834, 6);
    expect(meta.position![1]).toBeCloseTo(22.147, 6);
  });

  test('a camera time without an offset is read as Vietnam time, whatever the server’s zone', async () => {
    const meta = await readPhotoMetadata(
      withExif(JPEG, { dateTimeOriginal: '2026:03:10 23:30:00' }),
    );
    expect(meta.taken_at).toBe('2026-03-10T16:30:00.000Z');
    expect(meta.position).toBeNull();
  });

  test('south and west references give negative coordinates', async () => {
    const meta = await readPhotoMetadata(withExif(JPEG, { gps: { lat: -33.5, lon: -70.25 } }));
    expect(meta.position![0]).toBeCloseTo(-70.25, 6);
    expect(meta.position![1]).toBeCloseTo(-33.5, 6);
  });

  test('a photo without EXIF, or with broken EXIF, has no time and no place', async () => {
    expect(await readPhotoMetadata(JPEG)).toEqual({ taken_at: null, position: null });
    const broken = Buffer.concat([
      JPEG.subarray(0, 2),
      Buffer.from([0xff, 0xe1, 0x00, 0x10]),
      Buffer.from('Exif\0\0MM\0*\xff\xff\xff\xff', 'latin1'),
      JPEG.subarray(2),
    ]);
    expect(await readPhotoMetadata(broken)).toEqual({ taken_at: null, position: null });
    expect(await readPhotoMetadata(Buffer.from('not a photo'))).toEqual({
      taken_at: null,
      position: null,
    });
  });

  test('a GPS position of exactly 0,0 (a phone with no fix) is not a place', async () => {
    const meta = await readPhotoMetadata(withExif(JPEG, { gps: { lat: 0, lon: 0 } }));
    expect(meta.position).toBeNull();
  });
});
