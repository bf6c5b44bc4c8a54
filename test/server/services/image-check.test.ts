/**
 * checkImage decodes a received file with libvips: the real pictures pass with their size; a
 * magic number in front of something else, a header with no picture, a picture cut short or one
 * over the pixel limit is refused with the field named.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { DomainError } from '../../../server/domain/errors.ts';
import type { PhotoType } from '../../../server/domain/violations/photo.ts';
import { checkImage, MAX_PHOTO_PIXELS } from '../../../server/services/image-check.ts';
import { jpegHeader } from '../../fixtures/photos/jpeg-header.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/photos/${name}`, import.meta.url));
/** 64×48 pictures: JPEG and PNG drawn in Chromium's canvas, the WebP made losslessly from the PNG. */
const JPEG = fixture('street.jpg');
const PNG = fixture('street.png');
const WEBP = fixture('street.webp');

const dir = mkdtempSync(join(tmpdir(), 'uim-image-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function onDisk(bytes: Uint8Array): string {
  const path = join(dir, crypto.randomUUID());
  writeFileSync(path, bytes);
  return path;
}

async function refusal(bytes: Uint8Array, type: PhotoType = 'image/jpeg', field = 'file') {
  const error = await checkImage(onDisk(bytes), field, type).then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof DomainError)) throw new Error(`expected a refusal, got ${error}`);
  return error;
}

describe('real pictures pass, with their size', () => {
  test.each([
    ['a JPEG', JPEG, 'image/jpeg'],
    ['a PNG', PNG, 'image/png'],
    ['a WebP', WEBP, 'image/webp'],
    ['a JPEG with bytes after its end marker', Buffer.concat([JPEG, Buffer.alloc(4096, 0x20)])],
  ] as [string, Buffer, PhotoType?][])('%s', async (_, bytes, type = 'image/jpeg') => {
    expect(await checkImage(onDisk(bytes), 'file', type)).toEqual({ width: 64, height: 48 });
  });
});

describe('what only starts like a picture', () => {
  test('a JPEG magic number followed by HTML: 415', async () => {
    const bytes = Buffer.from('\xff\xd8\xff<!doctype html><img src=x onerror=alert(1)>', 'latin1');
    const error = await refusal(bytes);
    expect(error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(error.details).toEqual({ field: 'file' });
    expect(error.text.vi).toContain('"file"');
    expect(error.text.en).toContain('"file"');
  });

  test('a PNG signature followed by text: 415', async () => {
    const bytes = Buffer.concat([PNG.subarray(0, 8), Buffer.from('not a chunk at all')]);
    expect((await refusal(bytes, 'image/png')).code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  test('a real picture of another type than its first bytes said: 415', async () => {
    expect((await refusal(PNG, 'image/jpeg')).code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  test('a GIF, which libvips reads but the app does not keep: 415', async () => {
    const gif = Buffer.from(
      'R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==',
      'base64',
    );
    expect((await refusal(gif, 'image/jpeg')).code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });
});

describe('pictures over the pixel limit', () => {
  test('a header-only 30000×30000 JPEG: 422 with its size, before any decoding', async () => {
    const error = await refusal(jpegHeader(30000, 30000));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details).toEqual({
      field: 'file',
      width: 30000,
      height: 30000,
      max_pixels: MAX_PHOTO_PIXELS,
    });
    expect(error.text.vi).toContain('30000×30000');
    expect(error.text.en).toContain('30000×30000');
  });

  test('one pixel row over the limit: 422; at the limit the size passes', async () => {
    const width = 10_000;
    const height = MAX_PHOTO_PIXELS / width;
    const over = await refusal(jpegHeader(width, height + 1));
    expect(over.details).toMatchObject({ width, height: height + 1 });
    // At the limit the size is fine: what refuses this one is that it holds no picture.
    const atLimit = await refusal(jpegHeader(width, height));
    expect(atLimit.details).toEqual({ field: 'file' });
  });
});

describe('pictures that do not decode in full', () => {
  test.each([
    ['a header with no picture data after it', jpegHeader(640, 480)],
    ['a header with no picture data and no end marker', jpegHeader(640, 480, { end: false })],
    ['a JPEG cut short', JPEG.subarray(0, Math.floor(JPEG.length * 0.7))],
  ])('%s: 422', async (_, bytes) => {
    const error = await refusal(bytes);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details).toEqual({ field: 'file' });
  });

  test('a PNG cut short: 422', async () => {
    const error = await refusal(PNG.subarray(0, PNG.length - 40), 'image/png');
    expect(error.code).toBe('VALIDATION_FAILED');
  });

  test('the thumbnail is named as the thumbnail', async () => {
    const error = await refusal(JPEG.subarray(0, 600), 'image/jpeg', 'thumbnail');
    expect(error.details).toEqual({ field: 'thumbnail' });
    expect(error.text.vi).toContain('Ảnh thu nhỏ');
    expect(error.text.en).toContain('The thumbnail');
  });
});
