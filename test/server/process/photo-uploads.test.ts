/**
 * Photo uploads against a real server: many large uploads at once do not grow the server's memory
 * with the bytes in flight (they stream to disk), every photo is stored once under its hash, and
 * an upload cut off midway leaves no temporary file behind.
 */
import { createHash } from 'node:crypto';
import {
  createReadStream,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MAX_PHOTO_BYTES } from '../../../server/domain/violations/photo.ts';
import { startServer, userWithToken, type ServerProcess } from './server-process.ts';

const PARALLEL = 20;
const PHOTO_BYTES = 10 * 1024 * 1024;
/** How much the server may grow while PARALLEL × PHOTO_BYTES (200 MB) are in flight. */
const MAX_GROWTH_BYTES = 100 * 1024 * 1024;

const JPEG = readFileSync(new URL('../../fixtures/photos/street.jpg', import.meta.url));
const CHUNK = 64 * 1024;
const FILLER = Buffer.alloc(CHUNK, 0x20);

/**
 * A photo of `size` bytes, sent in chunks as it is made: the fixture JPEG (a real picture, which
 * the server decodes) and a UUID of its own after its end marker; the rest is spaces. Neither side
 * needs to hold it whole.
 */
function photoOfSize(size: number): { chunks: () => Generator<Buffer>; sha256: string } {
  const first = Buffer.alloc(Math.min(CHUNK, size), 0x20);
  JPEG.copy(first);
  first.write(crypto.randomUUID(), JPEG.length);
  function* chunks() {
    yield first;
    for (let sent = first.length; sent < size; sent += CHUNK) {
      yield FILLER.subarray(0, Math.min(CHUNK, size - sent));
    }
  }
  const hash = createHash('sha256');
  for (const chunk of chunks()) hash.update(chunk);
  return { chunks, sha256: hash.digest('hex') };
}

/** A multipart body around one photo (field `file`) and a declared time. */
function multipart(photo: { chunks: () => Generator<Buffer> }, size: number) {
  const boundary = `----uim${crypto.randomUUID()}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="taken_at"\r\n\r\n` +
      `2026-03-10T09:15:02+07:00\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="photo.jpg"\r\n` +
      'Content-Type: image/jpeg\r\n\r\n',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    type: `multipart/form-data; boundary=${boundary}`,
    length: head.length + size + tail.length,
    *chunks() {
      yield head;
      yield* photo.chunks();
      yield tail;
    },
  };
}

function fileSha256(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', reject);
  });
}

/** A value in kB from /proc/<pid>/status (VmRSS: now, VmHWM: the peak), in bytes. */
function memory(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  if (!kb) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(kb[1]) * 1024;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

let dataDir: string;
let server: ServerProcess;
let token: string;
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'uim-uploads-'));
  server = await startServer(dataDir);
  token = await userWithToken(server.url, 'thu', ['inspector']);
}, 120_000);
afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Every file under DATA_DIR/uploads, relative to it. */
function uploads(): string[] {
  const dir = join(dataDir, 'uploads');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

async function newViolation(): Promise<string> {
  const res = await fetch(`${server.url}/api/violations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [105.834, 22.147] },
      properties: { kind: 'road_encroachment', description: 'Ảnh hiện trường' },
    }),
  });
  if (res.status !== 201) throw new Error(`no violation: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

interface Answer {
  status: number;
  body: any;
}

/**
 * Sends a multipart body chunk by chunk, waiting for the socket to take each (a new connection
 * per upload: a client busy for seconds never writes into one the server has closed meanwhile).
 * `cutAfter` destroys the request once that many bytes are written, and answers null.
 */
function send(
  id: string,
  body: ReturnType<typeof multipart>,
  cutAfter?: { bytes: number; then: () => Promise<void> },
): Promise<Answer | null> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}/api/violations/${id}/photos`, {
      method: 'POST',
      agent: false,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': body.type,
        'content-length': String(body.length),
      },
    });
    let cut = false;
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
      res.on('error', reject);
    });
    req.on('error', (e) => (cut ? resolve(null) : reject(e)));
    (async () => {
      let written = 0;
      for (const chunk of body.chunks()) {
        if (cutAfter && written >= cutAfter.bytes) {
          await cutAfter.then();
          cut = true;
          req.destroy();
          return resolve(null);
        }
        written += chunk.length;
        if (!req.write(chunk)) await new Promise((r) => req.once('drain', r));
      }
      req.end();
    })().catch(reject);
  });
}

describe('large photo uploads on a real server', () => {
  test(`${PARALLEL} parallel uploads of ${mb(PHOTO_BYTES)}: memory stays flat, each is stored once`, async () => {
    const pid = server.child.pid!;
    const ids = await Promise.all(Array.from({ length: PARALLEL + 1 }, newViolation));
    // One upload first, so that what the first upload loads is not counted as growth.
    const warmUp = photoOfSize(64 * 1024);
    expect((await send(ids[0]!, multipart(warmUp, 64 * 1024)))!.status).toBe(201);
    const photos = ids.slice(1).map(() => photoOfSize(PHOTO_BYTES));
    const before = { rss: memory(pid, 'VmRSS'), peak: memory(pid, 'VmHWM') };

    let sampled = 0;
    const sampler = setInterval(() => (sampled = Math.max(sampled, memory(pid, 'VmRSS'))), 20);
    let answers: (Answer | null)[];
    try {
      answers = await Promise.all(
        photos.map((photo, i) => send(ids[i + 1]!, multipart(photo, PHOTO_BYTES))),
      );
    } finally {
      clearInterval(sampler);
    }
    const peakAfter = memory(pid, 'VmHWM');
    // The peak since the uploads began: sampled, or the kernel's high-water mark if it rose.
    const peak = Math.max(sampled, peakAfter > before.peak ? peakAfter : 0);
    const growth = peak - before.rss;
    console.log(
      `${PARALLEL} × ${mb(PHOTO_BYTES)} uploads: RSS ${mb(before.rss)} before, peak ${mb(peak)}, ` +
        `growth ${mb(growth)} for ${mb(PARALLEL * PHOTO_BYTES)} in flight`,
    );

    expect(answers.map((a) => a?.status)).toEqual(photos.map(() => 201));
    for (const [i, { sha256 }] of photos.entries()) {
      const [photo] = answers[i]!.body.properties.photos;
      expect(photo).toMatchObject({
        sha256,
        bytes: PHOTO_BYTES,
        taken_at: '2026-03-10T02:15:02.000Z',
      });
      const path = join(dataDir, 'uploads', sha256.slice(0, 2), `${sha256}.jpg`);
      expect(await fileSha256(path)).toBe(sha256);
    }
    // Once each, and nothing else: no temporary file is left.
    const stored = uploads();
    expect(stored).toHaveLength(PARALLEL + 1);
    expect(stored.every((f) => /^[0-9a-f]{2}\/[0-9a-f]{64}\.jpg$/.test(f))).toBe(true);
    expect(growth).toBeLessThan(MAX_GROWTH_BYTES);
  }, 300_000);

  test('an upload cut off midway leaves no temporary file, and the server goes on', async () => {
    const id = await newViolation();
    const before = uploads();
    const photo = photoOfSize(PHOTO_BYTES);
    const answer = await send(id, multipart(photo, PHOTO_BYTES), {
      bytes: PHOTO_BYTES / 2,
      // Half the photo reaches the server's disk before the client goes away.
      then: async () => {
        const deadline = Date.now() + 30_000;
        while (uploads().length === before.length) {
          if (Date.now() > deadline) throw new Error('the upload never reached the disk');
          await new Promise((r) => setTimeout(r, 20));
        }
      },
    });
    expect(answer).toBeNull();

    // The server notices the client is gone and removes what it had written.
    const deadline = Date.now() + 30_000;
    while (uploads().length !== before.length && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(uploads()).toEqual(before);
    // Nothing was attached, and the server still takes the same photo sent again in full.
    const record = await fetch(`${server.url}/api/violations/${id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(((await record.json()) as any).properties.photos).toEqual([]);
    const again = await send(id, multipart(photo, PHOTO_BYTES));
    expect(again!.status).toBe(201);
    expect(again!.body.properties.photos[0].sha256).toBe(photo.sha256);
    expect(server.output()).not.toMatch(/unexpected error/);
    expect(uploads()).toEqual(
      [...before, `${photo.sha256.slice(0, 2)}/${photo.sha256}.jpg`].sort(),
    );
  }, 120_000);

  test('a photo over 15 MB: the client gets the 413, not a broken connection, and nothing is left', async () => {
    const id = await newViolation();
    const before = uploads();
    const size = MAX_PHOTO_BYTES + 1;
    const answer = await send(id, multipart(photoOfSize(size), size));
    expect(answer!.status).toBe(413);
    expect(answer!.body.error).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      details: { field: 'file', max_bytes: MAX_PHOTO_BYTES },
    });
    expect(uploads()).toEqual(before);
    expect(server.output()).not.toMatch(/unexpected error/);
  }, 120_000);
});
