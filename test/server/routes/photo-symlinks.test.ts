/**
 * GET /api/photos/{sha256}.{ext} serves regular files under the uploads folder and nothing else:
 * a symlink planted there under a valid photo name (by a restore, by hand) answers 404, whether
 * the link is the file or a folder on its way.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, TEST_UPLOADS, testApp } from '../helpers.ts';

/** A file outside DATA_DIR that a viewer must never read through the API. */
const SECRET = '/etc/passwd';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

let ctx: Awaited<ReturnType<typeof testApp>>;
let outside: string;
beforeAll(async () => {
  ctx = await testApp();
  outside = mkdtempSync(join(tmpdir(), 'uim-outside-uploads-'));
});
afterAll(() => rmSync(outside, { recursive: true, force: true }));

/** A fresh photo name whose two-letter folder is not used by any other test in this file. */
function photoName(tag: string): { hash: string; folder: string } {
  const hash = sha256(`${tag}-${crypto.randomUUID()}`);
  return { hash, folder: join(TEST_UPLOADS, hash.slice(0, 2)) };
}

describe('GET /api/photos/{name}: no symlink is followed', () => {
  test('a symlink to a system file under a valid photo name: 404', async () => {
    const { hash, folder } = photoName('file-link');
    mkdirSync(folder, { recursive: true });
    symlinkSync(SECRET, join(folder, `${hash}.jpg`));
    const answer = await call(ctx.as('viewer'), 'GET', `/api/photos/${hash}.jpg`);
    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe('NOT_FOUND');
  });

  test('a photo folder that is a symlink out of uploads: 404', async () => {
    const { hash, folder } = photoName('folder-link');
    rmSync(folder, { recursive: true, force: true });
    writeFileSync(join(outside, `${hash}.jpg`), 'a file outside the uploads folder');
    symlinkSync(outside, folder);
    try {
      const answer = await call(ctx.as('viewer'), 'GET', `/api/photos/${hash}.jpg`);
      expect(answer.status).toBe(404);
      expect(answer.body.error.code).toBe('NOT_FOUND');
    } finally {
      rmSync(folder, { force: true });
    }
  });

  test('a folder under a photo name: 404, not a server error', async () => {
    const { hash, folder } = photoName('a-folder');
    mkdirSync(join(folder, `${hash}.jpg`), { recursive: true });
    const answer = await call(ctx.as('viewer'), 'GET', `/api/photos/${hash}.jpg`);
    expect(answer.status).toBe(404);
  });

  test('a regular file under a photo name is still served', async () => {
    const { hash, folder } = photoName('regular');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, `${hash}.jpg`), 'the photo');
    const res = await ctx.as('viewer').request(`/api/photos/${hash}.jpg`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe('9');
    expect(await res.text()).toBe('the photo');
  });
});
