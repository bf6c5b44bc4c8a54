/**
 * POST /api/violations/{id}/photos reads its multipart body as a stream into a temporary file
 * under the uploads folder: what that adds to the route's contract. Limits on the parts and the
 * text fields, bodies sent as a stream, bodies that end or fail midway, and what is left on disk
 * (nothing, temporary files included) after each refusal.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeEach, describe, expect, test } from 'vitest';
import { report, TEST_UPLOADS, testApp, type TestApp } from '../helpers.ts';

const JPEG = readFileSync(new URL('../../fixtures/photos/street.jpg', import.meta.url));

/** The fixture JPEG with bytes after its end marker: still a JPEG, with a hash of its own. */
const uniqueJpeg = () => Buffer.concat([JPEG, Buffer.from(crypto.randomUUID(), 'utf8')]);

const photoFile = (bytes: Uint8Array = uniqueJpeg(), name = 'photo.jpg') =>
  new File([new Uint8Array(bytes)], name, { type: 'image/jpeg' });

/** Every file under the uploads folder (temporary ones too), relative to it. */
function uploads(): string[] {
  return readdirSync(TEST_UPLOADS, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(TEST_UPLOADS, join(e.parentPath, e.name)))
    .sort();
}

/** A form's multipart bytes and content type, as a browser would send them. */
async function encoded(form: FormData): Promise<{ bytes: Uint8Array; type: string }> {
  const res = new Response(form);
  return {
    bytes: new Uint8Array(await res.arrayBuffer()),
    type: res.headers.get('content-type')!,
  };
}

/** A web stream of `bytes` in small chunks, failing with `error` after `failAfter` bytes. */
function streamOf(bytes: Uint8Array, failAfter?: { bytes: number; error: Error }) {
  let at = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (failAfter && at >= failAfter.bytes) return controller.error(failAfter.error);
      if (at >= bytes.byteLength) return controller.close();
      controller.enqueue(bytes.slice(at, at + 7919));
      at += 7919;
    },
  });
}

let app: TestApp;
let id: string;
beforeEach(async () => {
  app = (await testApp()).app;
  id = (await report(app)).id;
});

async function post(init: RequestInit): Promise<{ status: number; body: any }> {
  const res = await app.request(`/api/violations/${id}/photos`, { method: 'POST', ...init });
  return { status: res.status, body: await res.json() };
}

async function postForm(form: FormData) {
  return post({ body: form });
}

async function photos(): Promise<unknown[]> {
  const res = await app.request(`/api/violations/${id}`);
  return ((await res.json()) as any).properties.photos;
}

describe('limits on the form around the photo', () => {
  test('more than 16 parts: 413, nothing stored, no temporary file left', async () => {
    const before = uploads();
    const form = new FormData();
    form.set('file', photoFile());
    for (let i = 0; i < 20; i++) form.set(`field${i}`, String(i));
    const answer = await postForm(form);
    expect(answer.status).toBe(413);
    expect(answer.body.error).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      details: { max_parts: 16 },
    });
    expect(uploads()).toEqual(before);
    expect(await photos()).toEqual([]);
  });

  test('a text field over 1 KB: 422 naming it, nothing stored', async () => {
    const before = uploads();
    const form = new FormData();
    form.set('file', photoFile());
    form.set('taken_at', `2026-03-10T09:15:02+07:00${' '.repeat(2000)}`);
    const answer = await postForm(form);
    expect(answer.status).toBe(422);
    expect(answer.body.error.code).toBe('VALIDATION_FAILED');
    expect(answer.body.error.details).toEqual([{ path: 'taken_at', message: 'over 1024 bytes' }]);
    expect(uploads()).toEqual(before);
  });

  test('a file under a name it does not read: 422, and neither file is stored', async () => {
    const before = uploads();
    const form = new FormData();
    form.set('file', photoFile());
    form.set('other', photoFile(uniqueJpeg(), 'other.jpg'));
    const answer = await postForm(form);
    expect(answer.status).toBe(422);
    expect(answer.body.error.code).toBe('VALIDATION_FAILED');
    expect(answer.body.error.details).toContainEqual(
      expect.objectContaining({ message: expect.stringMatching(/other/) }),
    );
    expect(uploads()).toEqual(before);
  });

  test('a photo sent twice in one form: the last one is kept, as FormData reads it', async () => {
    const [first, last] = [uniqueJpeg(), uniqueJpeg()];
    const form = new FormData();
    form.append('file', photoFile(first));
    form.append('file', photoFile(last));
    const answer = await postForm(form);
    expect(answer.status).toBe(201);
    const { sha256 } = answer.body.properties.photos[0];
    expect(sha256).toBe(createHash('sha256').update(last).digest('hex'));
    expect(uploads().filter((f) => f.includes(sha256))).toHaveLength(1);
    expect(uploads().filter((f) => f.startsWith('.tmp'))).toEqual([]);
    expect(answer.body.properties.photos).toHaveLength(1);
  });
});

describe('bodies sent as a stream', () => {
  test('a body without a length, in small chunks, is read like any other', async () => {
    const form = new FormData();
    const bytes = uniqueJpeg();
    form.set('file', photoFile(bytes));
    form.set('lon', '105.834');
    form.set('lat', '22.147');
    const { bytes: body, type } = await encoded(form);
    const answer = await post({
      body: streamOf(body),
      headers: { 'content-type': type },
      duplex: 'half',
    } as RequestInit);
    expect(answer.status).toBe(201);
    expect(answer.body.properties.photos[0]).toMatchObject({
      bytes: bytes.byteLength,
      position: [105.834, 22.147],
    });
  });

  test('a body that ends midway: 422, no temporary file left', async () => {
    const before = uploads();
    const form = new FormData();
    form.set('file', photoFile(Buffer.concat([uniqueJpeg(), Buffer.alloc(200_000, 0x20)])));
    const { bytes, type } = await encoded(form);
    const answer = await post({
      body: bytes.slice(0, bytes.byteLength / 2),
      headers: { 'content-type': type },
    });
    expect(answer.status).toBe(422);
    expect(answer.body.error.details).toEqual([{ path: 'file', message: 'required' }]);
    expect(uploads()).toEqual(before);
  });

  test('a body whose stream fails midway (the client went away): 400, no temporary file left', async () => {
    const before = uploads();
    const form = new FormData();
    form.set('file', photoFile(Buffer.concat([uniqueJpeg(), Buffer.alloc(200_000, 0x20)])));
    const { bytes, type } = await encoded(form);
    const answer = await post({
      body: streamOf(bytes, { bytes: 100_000, error: new Error('connection reset') }),
      headers: { 'content-type': type, 'content-length': String(bytes.byteLength) },
      duplex: 'half',
    } as RequestInit);
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('BAD_REQUEST');
    expect(uploads()).toEqual(before);
    expect(await photos()).toEqual([]);
  });
});

describe('the temporary folder', () => {
  test('a file a dead process left there a day ago is removed; a recent one is not', async () => {
    const dir = join(TEST_UPLOADS, '.tmp');
    mkdirSync(dir, { recursive: true });
    const old = join(dir, '123.dead.part');
    const recent = join(dir, '456.live.part');
    writeFileSync(old, 'half a photo');
    writeFileSync(recent, 'another server is writing this');
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600 * 1000);
    utimesSync(old, twoDaysAgo, twoDaysAgo);
    try {
      // A new app (as after a restart) looks once, when its first upload arrives.
      const fresh = await testApp();
      const violation = (await report(fresh.app)).id;
      const form = new FormData();
      form.set('file', photoFile());
      const res = await fresh.app.request(`/api/violations/${violation}/photos`, {
        method: 'POST',
        body: form,
      });
      expect(res.status).toBe(201);
      const deadline = Date.now() + 5000;
      while (uploads().includes('.tmp/123.dead.part') && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 10));
      }
      expect(uploads()).not.toContain('.tmp/123.dead.part');
      expect(uploads()).toContain('.tmp/456.live.part');
    } finally {
      rmSync(old, { force: true });
      rmSync(recent, { force: true });
    }
  });
});
