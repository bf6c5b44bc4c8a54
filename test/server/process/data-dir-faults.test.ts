/**
 * A DATA_DIR the server cannot write, against the real server process: read-only or full at
 * start is one readable line and a non-zero exit; read-only or full under a running server is a
 * 503 that names the folder, and nothing is lost (no partial file, the record unchanged).
 *
 * Tests run as root, which writes through any chmod: the read-only and full file systems here
 * are real mounts (test/support/mounts.ts), and the tests fail when mounting is not allowed.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ROOT } from '../../support/spawn-app.ts';
import { bindReadOnly, fill, mountTmpfs, unmount } from '../../support/mounts.ts';
import { startServer, userWithToken, type ServerProcess } from './server-process.ts';

const JPEG = readFileSync(new URL('../../fixtures/photos/street.jpg', import.meta.url));

let root: string;
/** Every mount point made, unmounted in reverse order after the tests (a bind may sit on a tmpfs). */
const mounted: string[] = [];
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'uim-data-dir-faults-'));
});
afterAll(() => {
  for (const dir of mounted.reverse()) unmount(dir);
  rmSync(root, { recursive: true, force: true });
});

function tmpfs(dir: string, options: { size: string; readOnly?: boolean }): string {
  mkdirSync(dir, { recursive: true });
  mountTmpfs(dir, options);
  mounted.push(dir);
  return dir;
}

/** Runs `server/main.ts` until it exits by itself (it must not start); answers how it ended. */
function startExpectingExit(dataDir: string): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    }),
  );
}

/** The output's non-empty lines, without Node's experimental-feature notices. */
const lines = (output: string) =>
  output.split('\n').filter((l) => l.trim() && !/ExperimentalWarning|--trace-warnings/.test(l));

describe('a DATA_DIR that cannot be written, at start', () => {
  test('read-only: one line naming the folder and the permission, exit non-zero', async () => {
    const dir = tmpfs(join(root, 'read-only'), { size: '1m', readOnly: true });
    const { code, output } = await startExpectingExit(dir);
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    expect(lines(output), output).toHaveLength(1);
    expect(output).toContain(dir);
    expect(output).toMatch(/read-only|chỉ đọc/);
    expect(output).toMatch(/write|ghi/);
    expect(output).not.toMatch(/\n\s+at /);
  }, 60_000);

  test('cannot be created (its parent is read-only): one line, exit non-zero', async () => {
    const dir = join(root, 'read-only', 'data');
    const { code, output } = await startExpectingExit(dir);
    expect(code).not.toBe(0);
    expect(lines(output), output).toHaveLength(1);
    expect(output).toContain(dir);
    expect(output).not.toMatch(/\n\s+at /);
  }, 60_000);

  test('full: one line naming the folder, exit non-zero', async () => {
    const dir = tmpfs(join(root, 'full'), { size: '1m' });
    fill(dir);
    const { code, output } = await startExpectingExit(dir);
    expect(code).not.toBe(0);
    expect(lines(output), output).toHaveLength(1);
    expect(output).toContain(dir);
    expect(output).toMatch(/full|đầy/);
  }, 60_000);
});

describe('uploads under a running server that can no longer write them', () => {
  let dataDir: string;
  let uploads: string;
  let server: ServerProcess | undefined;
  let token: string;
  beforeAll(async () => {
    dataDir = join(root, 'live');
    // The uploads on a small file system of their own, so they can be filled or made read-only
    // while the database beside them stays writable.
    uploads = tmpfs(join(dataDir, 'uploads'), { size: '2m' });
    server = await startServer(dataDir);
    token = await userWithToken(server.url, 'lan', ['inspector']);
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  const auth = () => ({ authorization: `Bearer ${token}` });

  async function report(): Promise<string> {
    const id = crypto.randomUUID();
    const res = await fetch(`${server!.url}/api/violations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth() },
      body: JSON.stringify({
        type: 'Feature',
        id,
        geometry: { type: 'Point', coordinates: [105.834, 22.147] },
        properties: { kind: 'illegal_grading', description: 'San ủi trái phép' },
      }),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    return id;
  }

  async function upload(id: string, language = 'vi') {
    const form = new FormData();
    const bytes = Buffer.concat([JPEG, Buffer.from(crypto.randomUUID())]);
    form.set('file', new File([new Uint8Array(bytes)], 'photo.jpg', { type: 'image/jpeg' }));
    const res = await fetch(`${server!.url}/api/violations/${id}/photos`, {
      method: 'POST',
      headers: { ...auth(), 'accept-language': language },
      body: form,
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  }

  async function photos(id: string): Promise<unknown[]> {
    const res = await fetch(`${server!.url}/api/violations/${id}`, { headers: auth() });
    return ((await res.json()) as { properties: { photos: unknown[] } }).properties.photos;
  }

  /** Every file under uploads, relative to it (the filler of a full disk left out). */
  const files = () =>
    readdirSync(uploads, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.name !== 'filler')
      .map((e) => relative(uploads, join(e.parentPath, e.name)))
      .sort();

  test('made read-only after start: 503 naming the folder, nothing stored, fine again after', async () => {
    const id = await report();
    expect((await upload(id)).status).toBe(201);
    const before = files();
    bindReadOnly(uploads);
    mounted.push(uploads);
    try {
      const vi = await upload(id);
      expect(vi.status).toBe(503);
      expect(vi.body.error.code).toBe('STORAGE');
      expect(vi.body.error.message).toContain('Không ghi được vào thư mục dữ liệu');
      expect(vi.body.error.message).toContain(dataDir);
      const en = await upload(id, 'en');
      expect(en.status).toBe(503);
      expect(en.body.error.message).toMatch(/read-only/);
      expect(en.body.error.message).toContain(dataDir);
    } finally {
      unmount(uploads);
      mounted.pop();
    }
    expect(files()).toEqual(before);
    expect(await photos(id)).toHaveLength(1);
    expect((await upload(id)).status).toBe(201);
    expect(await photos(id)).toHaveLength(2);
  }, 60_000);

  test('full: 503 naming the folder, no partial file left, fine again once there is room', async () => {
    const id = await report();
    const before = files();
    const filler = fill(uploads);
    try {
      const answer = await upload(id, 'en');
      expect(answer.status).toBe(503);
      expect(answer.body.error.code).toBe('STORAGE');
      expect(answer.body.error.message).toMatch(/full/);
      expect(answer.body.error.message).toContain(dataDir);
      expect(files()).toEqual(before);
    } finally {
      rmSync(filler);
    }
    expect(await photos(id)).toEqual([]);
    expect((await upload(id)).status).toBe(201);
    expect(await photos(id)).toHaveLength(1);
  }, 60_000);
});
