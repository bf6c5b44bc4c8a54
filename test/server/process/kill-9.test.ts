/**
 * Durability: a server killed with SIGKILL in the middle of a write load has lost no write it
 * acknowledged, and a client retrying an unacknowledged write with its UUID gets exactly one record.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startServer, userWithToken, type ServerProcess } from './server-process.ts';

const ROUNDS = 3;
const WRITERS = 8;
/** Bắc Kạn ward, inside the service area. */
const POINT = [105.834, 22.147];

let dataDir: string;
let server: ServerProcess | undefined;
beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'uim-kill-'));
});
afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

function body(id: string, n: number) {
  return JSON.stringify({
    type: 'Feature',
    id,
    // A little spread so the R*Tree and FTS rows are real work too.
    geometry: { type: 'Point', coordinates: [POINT[0]! + (n % 50) * 1e-5, POINT[1]!] },
    properties: { kind: 'road_encroachment', description: `Lấn chiếm lòng đường số ${n}` },
  });
}

/**
 * Writers send creates until the server dies; answers what it acknowledged and what it did not.
 * The kill comes once `killAfter` writes were acknowledged, then a moment later, so that it falls
 * in the middle of the load however fast or busy the machine is.
 */
async function writeUntilKilled(url: string, token: string, killAfter: number, thenMs: number) {
  const acknowledged: string[] = [];
  const unanswered: string[] = [];
  let dead = false;
  let n = 0;
  const writer = async () => {
    while (!dead) {
      const id = crypto.randomUUID();
      try {
        const res = await fetch(`${url}/api/violations`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: body(id, n++),
        });
        if (res.status === 201) acknowledged.push(id);
        else throw new Error(`unexpected ${res.status}: ${await res.text()}`);
      } catch (e) {
        if (!dead && !(e instanceof TypeError)) throw e;
        // The connection died with the server: this write was never acknowledged.
        unanswered.push(id);
        dead = true;
      }
    }
  };
  const writers = Array.from({ length: WRITERS }, writer);
  const started = Date.now();
  while (acknowledged.length < killAfter) {
    if (Date.now() - started > 60_000)
      throw new Error(`only ${acknowledged.length} writes in 60 s`);
    await new Promise((r) => setTimeout(r, 10));
  }
  await new Promise((r) => setTimeout(r, thenMs));
  await server!.kill();
  dead = true;
  await Promise.all(writers);
  return { acknowledged, unanswered };
}

describe('SIGKILL during a write load', () => {
  test(`loses no acknowledged write over ${ROUNDS} kills, and retries never duplicate`, async () => {
    let acknowledged: string[] = [];
    let token = '';
    for (let round = 0; round < ROUNDS; round++) {
      server = await startServer(dataDir);
      if (round === 0) token = await userWithToken(server.url, 'thanh', ['inspector']);
      else {
        // Every write acknowledged before any earlier kill is there.
        const missing = await missingIds(server.url, token, acknowledged);
        expect(missing).toEqual([]);
      }
      const result = await writeUntilKilled(server.url, token, 25, 50 + round * 100);
      expect(result.acknowledged.length).toBeGreaterThanOrEqual(25);
      acknowledged = [...acknowledged, ...result.acknowledged];

      server = await startServer(dataDir);
      expect(await missingIds(server.url, token, acknowledged)).toEqual([]);
      // The offline client retries what got no answer: each is there once, whichever it was.
      for (const id of result.unanswered) {
        const res = await fetch(`${server.url}/api/violations`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: body(id, 0),
        });
        expect([200, 201]).toContain(res.status);
        acknowledged.push(id);
      }
      await server.stop();
    }

    const db = new Database(join(dataDir, 'urban-issue-map.sqlite'), { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const rows = db.prepare('SELECT count(*) FROM violations').pluck().get() as number;
      const creates = db
        .prepare("SELECT count(*) FROM versions WHERE layer = 'violations' AND action = 'create'")
        .pluck()
        .get() as number;
      // Exactly one record and one create version per acknowledged id: nothing lost, nothing twice.
      expect(new Set(acknowledged).size).toBe(acknowledged.length);
      expect(rows).toBe(acknowledged.length);
      expect(creates).toBe(acknowledged.length);
    } finally {
      db.close();
    }
    console.log(
      `kill -9: ${ROUNDS} kills, ${acknowledged.length} acknowledged writes, all ${acknowledged.length} survived`,
    );
  }, 180_000);
});

/** The acknowledged ids the restarted server does not have. */
async function missingIds(url: string, token: string, ids: string[]): Promise<string[]> {
  const res = await fetch(`${url}/api/violations?limit=5000`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const page = (await res.json()) as { features: { id: string }[] };
  const have = new Set(page.features.map((f) => f.id));
  return ids.filter((id) => !have.has(id));
}
