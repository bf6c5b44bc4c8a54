/**
 * `npm run backup` beside a live server under write load, and `npm run restore`: the backup is a
 * consistent copy, the server kept answering, and a restored DATA_DIR serves the same records.
 */
import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runScript, startServer, userWithToken, type ServerProcess } from './server-process.ts';

let root: string;
let dataDir: string;
let server: ServerProcess | undefined;
let token: string;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'uim-backup-'));
  dataDir = join(root, 'data');
  server = await startServer(dataDir);
  token = await userWithToken(server.url, 'lan', ['inspector']);
}, 60_000);
afterAll(async () => {
  await server?.stop();
  rmSync(root, { recursive: true, force: true });
});

async function create(url: string, n: number): Promise<string> {
  const id = crypto.randomUUID();
  const res = await fetch(`${url}/api/violations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      type: 'Feature',
      id,
      geometry: { type: 'Point', coordinates: [105.834, 22.147] },
      properties: { kind: 'illegal_grading', description: `San ủi trái phép ${n}` },
    }),
  });
  if (res.status !== 201) throw new Error(`create failed: ${res.status}`);
  return id;
}

async function ids(url: string): Promise<string[]> {
  const res = await fetch(`${url}/api/violations?limit=5000`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return ((await res.json()) as { features: { id: string }[] }).features.map((f) => f.id).sort();
}

function idsIn(database: string): string[] {
  const db = new Database(database, { readonly: true });
  try {
    return (db.prepare('SELECT id FROM violations ORDER BY id').pluck().all() as string[]).sort();
  } finally {
    db.close();
  }
}

describe('backup and restore', () => {
  const out = () => join(root, 'backup-1');

  test('backs up while the server takes writes and keeps answering', async () => {
    const before: string[] = [];
    for (let n = 0; n < 30; n++) before.push(await create(server!.url, n));
    // A photo stands in for the uploads (content-addressed files under DATA_DIR/uploads).
    mkdirSync(join(dataDir, 'uploads', 'ab'), { recursive: true });
    writeFileSync(join(dataDir, 'uploads', 'ab', 'abcdef.jpg'), 'not really a jpeg');

    let writing = true;
    const during: string[] = [];
    let healthChecks = 0;
    const load = (async () => {
      for (let n = 100; writing; n++) {
        during.push(await create(server!.url, n));
        const health = await fetch(`${server!.url}/api/health`);
        expect(health.status).toBe(200);
        healthChecks++;
      }
    })();
    const result = await runScript('backup', ['--out', out()], dataDir);
    writing = false;
    await load;

    expect(result.output).toContain('Backup written to');
    expect(result.status).toBe(0);
    expect(healthChecks).toBeGreaterThan(0);
    const saved = idsIn(join(out(), 'urban-issue-map.sqlite'));
    // Everything acknowledged before the backup began is in it; nothing that was never written.
    expect(saved).toEqual(expect.arrayContaining(before));
    const known = new Set([...before, ...during]);
    expect(saved.every((id) => known.has(id))).toBe(true);

    const manifest = JSON.parse(readFileSync(join(out(), 'manifest.json'), 'utf8'));
    expect(manifest.counts.violations).toBe(saved.length);
    expect(Object.keys(manifest.files).sort()).toEqual([
      'uploads/ab/abcdef.jpg',
      'urban-issue-map.sqlite',
    ]);
    expect(manifest.files['urban-issue-map.sqlite']).toMatch(/^[0-9a-f]{64}$/);
  }, 120_000);

  test('restore refuses while the server runs, and changes nothing', async () => {
    const result = await runScript('restore', [out()], dataDir);
    expect(result.status).toBe(1);
    expect(result.output).toMatch(/is running on .*stop it first/);
    expect(readdirSync(dataDir)).not.toContain('replaced');
  }, 60_000);

  test('a tampered backup is refused before anything is moved', async () => {
    const bad = join(root, 'tampered');
    rmSync(bad, { recursive: true, force: true });
    const copy = await runScript('backup', ['--out', bad], dataDir);
    expect(copy.status).toBe(0);
    writeFileSync(join(bad, 'uploads', 'ab', 'abcdef.jpg'), 'changed');
    const other = join(root, 'other-data');
    mkdirSync(other, { recursive: true });
    writeFileSync(join(other, 'urban-issue-map.sqlite'), 'the current database');
    const result = await runScript('restore', [bad], other);
    expect(result.status).toBe(1);
    expect(result.output).toContain('uploads/ab/abcdef.jpg does not match its checksum');
    expect(readFileSync(join(other, 'urban-issue-map.sqlite'), 'utf8')).toBe(
      'the current database',
    );
  }, 60_000);

  test('restore puts the backup in place, keeps what it replaced, and the server serves it', async () => {
    const saved = idsIn(join(out(), 'urban-issue-map.sqlite'));
    await server!.stop();
    const result = await runScript('restore', [out()], dataDir);
    expect(result.status).toBe(0);
    expect(result.output).toContain('What it replaced is kept in');
    const [aside] = readdirSync(join(dataDir, 'replaced'));
    expect(readdirSync(join(dataDir, 'replaced', aside!))).toContain('urban-issue-map.sqlite');
    // The records written after the backup are still in the replaced copy: nothing is lost.
    expect(
      idsIn(join(dataDir, 'replaced', aside!, 'urban-issue-map.sqlite')).length,
    ).toBeGreaterThan(saved.length - 1);

    server = await startServer(dataDir);
    expect(await ids(server.url)).toEqual(saved);
    expect(readFileSync(join(dataDir, 'uploads', 'ab', 'abcdef.jpg'), 'utf8')).toBe(
      'not really a jpeg',
    );
    // The restored store takes writes with the same accounts and tokens.
    await create(server.url, 999);
    expect((await ids(server.url)).length).toBe(saved.length + 1);
  }, 120_000);
});
