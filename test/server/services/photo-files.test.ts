import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { PhotoFiles, sha256Of } from '../../../server/services/photo-files.ts';

const JPEG = readFileSync(new URL('../../fixtures/photos/street.jpg', import.meta.url));
const PNG = readFileSync(new URL('../../fixtures/photos/street.png', import.meta.url));

let dir: string;
let files: PhotoFiles;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'uim-photo-files-'));
  files = new PhotoFiles(dir);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const everything = () =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));

describe('PhotoFiles: files named by their SHA-256', () => {
  test('stores a photo as <first two hex digits>/<sha256>.<ext>, byte for byte', () => {
    const hash = createHash('sha256').update(JPEG).digest('hex');
    expect(files.put(JPEG, 'image/jpeg')).toEqual({ sha256: hash, created: true });
    const path = join(dir, hash.slice(0, 2), `${hash}.jpg`);
    expect(files.path(hash, 'jpg')).toBe(path);
    expect(readFileSync(path).equals(JPEG)).toBe(true);
    expect(everything()).toEqual([path]);
  });

  test('the extension follows the type it was checked as', () => {
    const { sha256 } = files.put(PNG, 'image/png');
    expect(readFileSync(files.path(sha256, 'png')).equals(PNG)).toBe(true);
  });

  test('the same bytes twice are stored once', () => {
    const first = files.put(JPEG, 'image/jpeg');
    const again = files.put(Buffer.from(JPEG), 'image/jpeg');
    expect(again).toEqual({ sha256: first.sha256, created: false });
    expect(everything()).toHaveLength(1);
  });

  test('a half-written temporary file left by a crash does not count as the photo', () => {
    const hash = sha256Of(JPEG);
    const path = files.path(hash, 'jpg');
    mkdirSync(join(dir, hash.slice(0, 2)), { recursive: true });
    writeFileSync(`${path}.123.crash.part`, JPEG.subarray(0, 10));
    expect(files.put(JPEG, 'image/jpeg')).toEqual({ sha256: hash, created: true });
    expect(readFileSync(path).equals(JPEG)).toBe(true);
  });

  test('different photos under one prefix folder live side by side', () => {
    const hashes = Array.from({ length: 40 }, (_, i) =>
      files.put(Buffer.concat([JPEG, Buffer.from(String(i))]), 'image/jpeg'),
    ).map((r) => r.sha256);
    expect(new Set(hashes).size).toBe(40);
    expect(everything()).toHaveLength(40);
    expect(everything().some((p) => p.endsWith('.part'))).toBe(false);
  });
});
