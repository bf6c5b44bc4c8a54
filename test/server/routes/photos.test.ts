/**
 * Photo evidence through the API: POST /api/violations/{id}/photos (multipart) and
 * GET /api/photos/{sha256}.{ext}. Files land in TEST_UPLOADS; each test checks the disk as well as
 * the answer, since a refused upload must leave nothing behind.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeEach, describe, expect, test } from 'vitest';
import { MAX_UPLOAD_BYTES } from '../../../server/app.ts';
import {
  MAX_PHOTO_BYTES,
  MAX_PHOTOS_PER_VIOLATION,
} from '../../../server/domain/violations/photo.ts';
import { MAX_THUMBNAIL_BYTES } from '../../../server/services/photos.ts';
import { withExif } from '../../fixtures/photos/exif.ts';
import { jpegHeader } from '../../fixtures/photos/jpeg-header.ts';
import {
  call,
  report,
  START,
  TEST_UPLOADS,
  testApp,
  type Answer,
  type TestApp,
  type TestUser,
} from '../helpers.ts';

const JPEG = readFileSync(new URL('../../fixtures/photos/street.jpg', import.meta.url));
const PNG = readFileSync(new URL('../../fixtures/photos/street.png', import.meta.url));

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The fixture JPEG with bytes after its end marker: still a JPEG, with a hash of its own. */
const uniqueJpeg = (tag: string = crypto.randomUUID()) =>
  Buffer.concat([JPEG, Buffer.from(tag, 'utf8')]);

/** The fixture JPEG padded after its end marker to `size` bytes: a big file, a real picture. */
function jpegOfSize(size: number): Buffer {
  const bytes = Buffer.alloc(size, 0x20);
  JPEG.copy(bytes);
  bytes.write(crypto.randomUUID(), JPEG.length);
  return bytes;
}

const file = (bytes: Uint8Array | string, name = 'photo.jpg', type = 'image/jpeg') =>
  new File([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)], name, { type });

/** Every file under the uploads folder, relative to it. */
function uploads(): string[] {
  return readdirSync(TEST_UPLOADS, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(TEST_UPLOADS, join(e.parentPath, e.name)))
    .sort();
}

interface Parts {
  file?: File | string;
  thumbnail?: File;
  fields?: Record<string, string>;
}

/** Sends a multipart upload; the body is read as JSON like `call` does. */
async function upload(who: TestApp, id: string, parts: Parts, headers = {}): Promise<Answer> {
  const form = new FormData();
  if (parts.file !== undefined) form.set('file', parts.file);
  if (parts.thumbnail) form.set('thumbnail', parts.thumbnail);
  for (const [k, v] of Object.entries(parts.fields ?? {})) form.set(k, v);
  const res = await who.request(`/api/violations/${id}/photos`, {
    method: 'POST',
    body: form,
    headers,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

let ctx: Awaited<ReturnType<typeof testApp>>;
let app: TestApp;
let id: string;
beforeEach(async () => {
  ctx = await testApp();
  app = ctx.app;
  id = (await report(app)).id;
});

const record = async (who: TestUser | 'anonymous' = 'office') =>
  (await call(ctx.as(who), 'GET', `/api/violations/${id}`)).body;
const versions = async () =>
  (await call(app, 'GET', `/api/violations/${id}/history`)).body.versions as {
    action: string;
  }[];

describe('POST /api/violations/{id}/photos', () => {
  test('attaches a JPEG: 201, its hash, size and urls, who and when; the file holds exactly its bytes', async () => {
    const bytes = uniqueJpeg();
    const hash = sha256(bytes);
    const answer = await upload(app, id, { file: file(bytes) });
    expect(answer.status).toBe(201);
    expect(answer.headers.get('content-type')).toMatch(/^application\/geo\+json/);
    expect(answer.body.id).toBe(id);
    expect(answer.body.properties.version).toBe(2);
    expect(answer.body.properties.photos).toEqual([
      {
        sha256: hash,
        content_type: 'image/jpeg',
        bytes: bytes.byteLength,
        url: `/api/photos/${hash}.jpg`,
        // No thumbnail sent: lists show the photo itself.
        thumbnail_url: `/api/photos/${hash}.jpg`,
        taken_at: null,
        position: null,
        added_at: START,
        added_by: ctx.users.office.id,
      },
    ]);
    const onDisk = readFileSync(join(TEST_UPLOADS, hash.slice(0, 2), `${hash}.jpg`));
    expect(sha256(onDisk)).toBe(hash);
    expect(onDisk.equals(bytes)).toBe(true);
    expect(uploads().filter((f) => f.endsWith('.part'))).toEqual([]);
    expect((await record()).properties.photos).toEqual(answer.body.properties.photos);
    expect((await versions()).map((v) => v.action)).toEqual(['create', 'photo']);
  });

  test('keeps a PNG as a PNG, by its content', async () => {
    const answer = await upload(app, id, { file: file(PNG, 'photo.jpg', 'image/jpeg') });
    expect(answer.status).toBe(201);
    const [photo] = answer.body.properties.photos;
    expect(photo).toMatchObject({
      content_type: 'image/png',
      url: `/api/photos/${sha256(PNG)}.png`,
    });
  });

  test('the same photo again answers 200 with one photo, and writes no version', async () => {
    const bytes = uniqueJpeg();
    const first = await upload(app, id, { file: file(bytes) });
    expect(first.status).toBe(201);
    ctx.clock.set('2026-03-10T05:00:00.000Z');
    const again = await upload(app, id, { file: file(bytes, 'IMG_0001 (1).jpg') });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(again.body.properties.photos).toHaveLength(1);
    expect(await versions()).toHaveLength(2);
  });

  test('stores a thumbnail and names it in thumbnail_url', async () => {
    const bytes = uniqueJpeg();
    const answer = await upload(app, id, {
      file: file(bytes),
      thumbnail: file(PNG, 'thumb.png', 'image/png'),
    });
    expect(answer.status).toBe(201);
    const [photo] = answer.body.properties.photos;
    const thumbHash = sha256(PNG);
    expect(photo.url).toBe(`/api/photos/${sha256(bytes)}.jpg`);
    expect(photo.thumbnail_url).toBe(`/api/photos/${thumbHash}.png`);
    const onDisk = readFileSync(join(TEST_UPLOADS, thumbHash.slice(0, 2), `${thumbHash}.png`));
    expect(onDisk.equals(PNG)).toBe(true);
  });
});

describe('time and place of a photo', () => {
  const exifPhoto = () =>
    withExif(uniqueJpeg(), {
      dateTimeOriginal: '2026:03:10 09:15:02',
      gps: { lat: 22.147, lon: 105.834 },
    });

  test('keeps the EXIF time (Vietnam time when the camera gives no zone) and GPS position', async () => {
    const answer = await upload(app, id, { file: file(exifPhoto()) });
    expect(answer.status).toBe(201);
    const [photo] = answer.body.properties.photos;
    expect(photo.taken_at).toBe('2026-03-10T02:15:02.000Z');
    expect(photo.position[0]).toBeCloseTo(105.834, 6);
    expect(photo.position[1]).toBeCloseTo(22.147, 6);
  });

  test('the file’s own EXIF beats what the phone declares', async () => {
    const answer = await upload(app, id, {
      file: file(exifPhoto()),
      fields: { taken_at: '2026-03-01T00:00:00Z', lon: '105.8', lat: '22.1' },
    });
    expect(answer.status).toBe(201);
    const [photo] = answer.body.properties.photos;
    expect(photo.taken_at).toBe('2026-03-10T02:15:02.000Z');
    expect(photo.position[0]).toBeCloseTo(105.834, 6);
    expect(photo.position[1]).toBeCloseTo(22.147, 6);
  });

  test('declared time and place fill in when the file has no EXIF', async () => {
    const answer = await upload(app, id, {
      file: file(uniqueJpeg()),
      fields: { taken_at: '2026-03-10T09:15:02+07:00', lon: '105.834', lat: '22.147' },
    });
    expect(answer.status).toBe(201);
    const [photo] = answer.body.properties.photos;
    // An instant, written like every other time the API answers.
    expect(photo.taken_at).toBe('2026-03-10T02:15:02.000Z');
    expect(photo.position).toEqual([105.834, 22.147]);
  });

  test('each field falls back on its own: EXIF time, declared place', async () => {
    const bytes = withExif(uniqueJpeg(), { dateTimeOriginal: '2026:03:10 09:15:02' });
    const answer = await upload(app, id, {
      file: file(bytes),
      fields: { taken_at: '2026-03-01T00:00:00Z', lon: '105.834', lat: '22.147' },
    });
    const [photo] = answer.body.properties.photos;
    expect(photo.taken_at).toBe('2026-03-10T02:15:02.000Z');
    expect(photo.position).toEqual([105.834, 22.147]);
  });

  test.each([
    ['a time that is not ISO', { taken_at: 'yesterday' }],
    ['a time without a zone', { taken_at: '2026-03-10T09:15:02' }],
    ['a longitude that is not a number', { lon: 'east', lat: '22.147' }],
    ['a longitude out of range', { lon: '181', lat: '22.147' }],
    ['a latitude out of range', { lon: '105.834', lat: '-91' }],
    ['empty coordinates (not 0, 0)', { lon: '', lat: '' }],
    ['a longitude without a latitude', { lon: '105.834' }],
    ['a field it does not read', { note: 'ảnh chụp từ xa' }],
  ])('refuses %s: 422, nothing stored', async (_, fields) => {
    const before = uploads();
    const answer = await upload(app, id, { file: file(uniqueJpeg()), fields });
    expect(answer.status).toBe(422);
    expect(answer.body.error.code).toBe('VALIDATION_FAILED');
    expect(uploads()).toEqual(before);
    expect(await versions()).toHaveLength(1);
  });
});

describe('what is not a photo', () => {
  /** Sends the upload and checks the refusal left no file and no version. */
  async function refused(parts: Parts, status: number, code: string) {
    const before = uploads();
    const answer = await upload(app, id, parts);
    expect(answer.status).toBe(status);
    expect(answer.body.error.code).toBe(code);
    expect(typeof answer.body.error.message).toBe('string');
    expect(uploads()).toEqual(before);
    expect(await versions()).toHaveLength(1);
    expect((await record()).properties.photos).toEqual([]);
    return answer.body.error;
  }

  test('a text file named photo.jpg, sent as image/jpeg: 415, nothing stored', async () => {
    const text = `Biên bản vi phạm ${crypto.randomUUID()} — not a photo\n`;
    const error = await refused({ file: file(text) }, 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(error.details).toEqual({ field: 'file' });
  });

  test('an HTML page: 415', async () => {
    const html = '<!doctype html><img src=x onerror=alert(1)>';
    await refused({ file: file(html, 'photo.html', 'text/html') }, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  test('a JPEG magic number followed by HTML: 415, nothing stored', async () => {
    const html = '\xff\xd8\xff<!doctype html><img src=x onerror=alert(1)>';
    const error = await refused(
      { file: file(Buffer.from(html, 'latin1')) },
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expect(error.details).toEqual({ field: 'file' });
  });

  test('a header-only 30000×30000 JPEG: 422 with its size, nothing stored', async () => {
    const error = await refused({ file: file(jpegHeader(30000, 30000)) }, 422, 'VALIDATION_FAILED');
    expect(error.details).toMatchObject({ field: 'file', width: 30000, height: 30000 });
  });

  test('a JPEG cut short: 422, nothing stored', async () => {
    const cut = uniqueJpeg().subarray(0, Math.floor(JPEG.length * 0.7));
    const error = await refused({ file: file(cut) }, 422, 'VALIDATION_FAILED');
    expect(error.details).toEqual({ field: 'file' });
  });

  test('a thumbnail that does not decode: 422, and the photo is not stored either', async () => {
    const error = await refused(
      { file: file(uniqueJpeg()), thumbnail: file(jpegHeader(320, 240)) },
      422,
      'VALIDATION_FAILED',
    );
    expect(error.details).toEqual({ field: 'thumbnail' });
  });

  test('an empty file: 422', async () => {
    await refused({ file: file(new Uint8Array(0)) }, 422, 'VALIDATION_FAILED');
  });

  test('a thumbnail that is not an image: 415, and the photo is not stored either', async () => {
    const error = await refused(
      { file: file(uniqueJpeg()), thumbnail: file('<svg onload=alert(1)>', 't.jpg') },
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expect(error.details).toEqual({ field: 'thumbnail' });
  });

  test('a thumbnail over 512 KB: 413', async () => {
    const error = await refused(
      { file: file(uniqueJpeg()), thumbnail: file(jpegOfSize(MAX_THUMBNAIL_BYTES + 1)) },
      413,
      'PAYLOAD_TOO_LARGE',
    );
    expect(error.details).toEqual({ field: 'thumbnail', max_bytes: MAX_THUMBNAIL_BYTES });
  });

  test('a photo of exactly 15 MB is taken', async () => {
    const answer = await upload(app, id, { file: file(jpegOfSize(MAX_PHOTO_BYTES)) });
    expect(answer.status).toBe(201);
    expect(answer.body.properties.photos[0].bytes).toBe(MAX_PHOTO_BYTES);
  });

  test('a photo over 15 MB: 413', async () => {
    const error = await refused(
      { file: file(jpegOfSize(MAX_PHOTO_BYTES + 1)) },
      413,
      'PAYLOAD_TOO_LARGE',
    );
    expect(error.details).toEqual({ field: 'file', max_bytes: MAX_PHOTO_BYTES });
  });

  test('a body over the upload limit is cut off before it is read: 413', async () => {
    await refused({ file: file(jpegOfSize(MAX_UPLOAD_BYTES + 1)) }, 413, 'PAYLOAD_TOO_LARGE');
  });

  test('no file field: 422', async () => {
    const error = await refused(
      { fields: { taken_at: '2026-03-10T02:15:02Z' } },
      422,
      'VALIDATION_FAILED',
    );
    expect(error.details).toEqual([{ path: 'file', message: 'required' }]);
  });

  test('a file field that is text, not a file: 422', async () => {
    await refused({ file: JPEG.toString('latin1') }, 422, 'VALIDATION_FAILED');
  });

  test.each([
    ['a JSON body', 'application/json', JSON.stringify({ file: JPEG.toString('base64') })],
    ['a raw JPEG body', 'image/jpeg', new Uint8Array(JPEG)],
    ['a URL-encoded form', 'application/x-www-form-urlencoded', 'file=photo.jpg'],
    ['multipart without a boundary', 'multipart/form-data', '--x\r\n\r\n--x--'],
  ])('%s: a 4xx in the error envelope, nothing stored', async (_, type, body) => {
    const before = uploads();
    const res = await app.request(`/api/violations/${id}/photos`, {
      method: 'POST',
      headers: { 'content-type': type },
      body,
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    const answer = await res.json();
    expect(Object.keys(answer)).toEqual(['error']);
    expect(typeof answer.error.code).toBe('string');
    expect(typeof answer.error.message).toBe('string');
    expect(uploads()).toEqual(before);
    expect(await versions()).toHaveLength(1);
  });
});

describe('the record the photo is for', () => {
  test('an unknown violation: 404, and the file is not stored', async () => {
    const before = uploads();
    const answer = await upload(app, crypto.randomUUID(), { file: file(uniqueJpeg()) });
    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe('NOT_FOUND');
    expect(uploads()).toEqual(before);
  });

  test('an archived violation: 409 ARCHIVED, and the file is not stored', async () => {
    const archived = await call(app, 'POST', `/api/violations/${id}/archive`, {
      reason: 'Trùng với báo cáo khác',
    });
    expect(archived.status).toBe(200);
    const before = uploads();
    const answer = await upload(app, id, { file: file(uniqueJpeg()) });
    expect(answer.status).toBe(409);
    expect(answer.body.error.code).toBe('ARCHIVED');
    expect(uploads()).toEqual(before);
    expect((await versions()).map((v) => v.action)).toEqual(['create', 'archive']);
  });

  test(`holds ${MAX_PHOTOS_PER_VIOLATION} photos; the next one is refused (422) and not stored`, async () => {
    for (let i = 0; i < MAX_PHOTOS_PER_VIOLATION; i++) {
      expect((await upload(app, id, { file: file(uniqueJpeg(`#${i}`)) })).status).toBe(201);
    }
    const before = uploads();
    const answer = await upload(app, id, { file: file(uniqueJpeg()) });
    expect(answer.status).toBe(422);
    expect(answer.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { max: MAX_PHOTOS_PER_VIOLATION },
    });
    expect(uploads()).toEqual(before);
    expect((await record()).properties.photos).toHaveLength(MAX_PHOTOS_PER_VIOLATION);
    // One already attached is still answered as attached: a retry is not a 31st photo.
    const retry = await upload(app, id, { file: file(uniqueJpeg('#0')) });
    expect(retry.status).toBe(200);
  });

  test('two different photos sent at once are both attached', async () => {
    const [a, b] = [uniqueJpeg(), uniqueJpeg()];
    const answers = await Promise.all([
      upload(app, id, { file: file(a) }),
      upload(app, id, { file: file(b) }),
    ]);
    expect(answers.map((x) => x.status)).toEqual([201, 201]);
    const { properties } = await record();
    expect(properties.photos.map((p: { sha256: string }) => p.sha256).sort()).toEqual(
      [sha256(a), sha256(b)].sort(),
    );
    expect(properties.version).toBe(3);
    expect((await versions()).map((v) => v.action)).toEqual(['create', 'photo', 'photo']);
  });

  test('when another change lands while the photo is written, it is applied on top, not refused', async () => {
    // Another writer (a second server process, a note) bumps the version between the read and
    // the write: the first write loses the race, the append is tried again.
    const repo = ctx.store.violations;
    const update = repo.update.bind(repo);
    let raced = false;
    repo.update = async (changed, expected, action, audit) => {
      if (action === 'photo' && !raced) {
        raced = true;
        const current = (await repo.get(changed.id))!;
        const note = { id: crypto.randomUUID(), text: 'Quay lại hiện trường', at: START, by: null };
        const p = current.properties;
        const noted = { ...p, notes: [...p.notes, note], version: p.version + 1 };
        expect(await update({ ...current, properties: noted }, p.version, 'note', audit)).toBe(
          true,
        );
      }
      return update(changed, expected, action, audit);
    };
    const answer = await upload(app, id, { file: file(uniqueJpeg()) });
    expect(raced).toBe(true);
    expect(answer.status).toBe(201);
    expect(answer.body.properties).toMatchObject({ version: 3 });
    expect(answer.body.properties.notes).toHaveLength(1);
    expect(answer.body.properties.photos).toHaveLength(1);
    expect((await versions()).map((v) => v.action)).toEqual(['create', 'note', 'photo']);
  });
});

describe('who may add and see photos', () => {
  test.each([
    ['anonymous', 401, 'UNAUTHENTICATED'],
    ['viewer', 403, 'FORBIDDEN'],
    ['planner', 403, 'FORBIDDEN'],
    ['lead', 403, 'FORBIDDEN'],
    ['admin', 403, 'FORBIDDEN'],
  ] as const)('%s may not add a photo: %i', async (who, status, code) => {
    const before = uploads();
    const answer = await upload(ctx.as(who), id, { file: file(uniqueJpeg()) });
    expect(answer.status).toBe(status);
    expect(answer.body.error.code).toBe(code);
    expect(uploads()).toEqual(before);
  });

  test('an inspector may add a photo to a case another inspector reported', async () => {
    const answer = await upload(ctx.as('inspector'), id, { file: file(uniqueJpeg()) });
    expect(answer.status).toBe(201);
    expect(answer.body.properties.photos[0].added_by).toBe(ctx.users.inspector.id);
  });

  test('photos are for staff: anonymous readers get none, in the list or the record', async () => {
    expect((await upload(app, id, { file: file(uniqueJpeg()) })).status).toBe(201);
    expect((await record('viewer')).properties.photos).toHaveLength(1);
    expect((await record('anonymous')).properties.photos).toEqual([]);
    const list = async (who: TestUser | 'anonymous') =>
      (await call(ctx.as(who), 'GET', '/api/violations')).body.features[0].properties.photos;
    expect(await list('viewer')).toHaveLength(1);
    expect(await list('anonymous')).toEqual([]);
  });
});

describe('GET /api/photos/{name}', () => {
  let bytes: Buffer;
  let url: string;
  beforeEach(async () => {
    bytes = uniqueJpeg();
    const answer = await upload(app, id, { file: file(bytes) });
    url = answer.body.properties.photos[0].url;
  });

  test('answers the bytes with their type, length and a long private cache', async () => {
    const res = await ctx.as('viewer').request(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('content-length')).toBe(String(bytes.byteLength));
    expect(res.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.equals(bytes)).toBe(true);
  });

  test('a PNG is served as image/png', async () => {
    const answer = await upload(app, id, { file: file(PNG, 'p.png', 'image/png') });
    const png = answer.body.properties.photos[1].url;
    const res = await app.request(png);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await res.arrayBuffer()).equals(PNG)).toBe(true);
  });

  test('anonymous: 401', async () => {
    const answer = await call(ctx.as('anonymous'), 'GET', url);
    expect(answer.status).toBe(401);
    expect(answer.body.error.code).toBe('UNAUTHENTICATED');
  });

  test('a hash nobody uploaded: 404', async () => {
    const answer = await call(app, 'GET', `/api/photos/${sha256(uniqueJpeg())}.jpg`);
    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe('NOT_FOUND');
  });

  test('a stored photo asked for with another extension: 404', async () => {
    const answer = await call(app, 'GET', url.replace(/\.jpg$/, '.png'));
    expect(answer.status).toBe(404);
  });

  test.each([
    ['not a hash', 'photo.jpg'],
    ['a short hash', 'abcdef.jpg'],
    ['upper-case hex', `${'A'.repeat(64)}.jpg`],
    ['an extension it does not serve', `${'a'.repeat(64)}.html`],
    ['no extension', 'a'.repeat(64)],
    ['a path out of the folder', `..%2F..%2F${'a'.repeat(64)}.jpg`],
  ])('a name that is %s: a 4xx in the error envelope', async (_, name) => {
    const answer = await call(app, 'GET', `/api/photos/${name}`);
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect(answer.body.error.code).toMatch(/^(VALIDATION_FAILED|NOT_FOUND)$/);
  });
});
