import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { sniffImage } from '../../../server/domain/violations/photo.ts';

/** 64×48 pictures drawn in Chromium's canvas and saved as JPEG and PNG. */
const JPEG = readFileSync(new URL('../../fixtures/photos/street.jpg', import.meta.url));
const PNG = readFileSync(new URL('../../fixtures/photos/street.png', import.meta.url));

describe('sniffImage: the type is read from the content, never the name', () => {
  test.each([
    ['a JPEG', JPEG, 'image/jpeg'],
    ['a PNG', PNG, 'image/png'],
    ['a WebP header', Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ', 'latin1'), 'image/webp'],
  ])('%s', (_, bytes, type) => {
    expect(sniffImage(bytes)).toBe(type);
  });

  test.each([
    ['a text file', Buffer.from('Biên bản vi phạm — not a photo\n')],
    ['an HTML page', Buffer.from('<!doctype html><img src=x onerror=alert(1)>')],
    ['a PDF', Buffer.from('%PDF-1.7\n')],
    ['a RIFF that is not WebP (a WAV)', Buffer.from('RIFF\x10\x00\x00\x00WAVEfmt ', 'latin1')],
    ['a truncated JPEG marker', Buffer.from([0xff, 0xd8])],
    ['nothing', Buffer.alloc(0)],
  ])('%s is not a photo', (_, bytes) => {
    expect(sniffImage(bytes)).toBeNull();
  });
});
