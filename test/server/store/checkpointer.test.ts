/**
 * The log is copied into the database file by a worker thread, not by the commit that crosses
 * SQLite's threshold; closing stops the worker first, so the caller's close is the last one.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { openDatabase } from '../../../server/store/sqlite/database.ts';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'uim-checkpoint-'));
  file = join(dir, 'test.sqlite');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function writeSome(db: ReturnType<typeof openDatabase>, rows: number) {
  db.exec('CREATE TABLE IF NOT EXISTS t (body TEXT)');
  const insert = db.prepare('INSERT INTO t VALUES (?)');
  for (let i = 0; i < rows; i++) insert.run('x'.repeat(3000));
}

test('what is committed is copied into the database file while the connection stays open', async () => {
  const db = openDatabase(file);
  writeSome(db, 200);
  // Far fewer log pages than SQLite's own threshold: only the worker copies them.
  expect(statSync(file).size).toBeLessThan(100_000);
  await vi.waitFor(() => expect(statSync(file).size).toBeGreaterThan(600_000), {
    timeout: 10_000,
  });
  expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(200);
  db.close();
});

test('closing stops the worker first: the last close copies the log and removes it', () => {
  const db = openDatabase(file);
  writeSome(db, 50);
  db.close();
  expect(existsSync(`${file}-wal`)).toBe(false);
  const again = openDatabase(file);
  expect(again.prepare('SELECT count(*) FROM t').pluck().get()).toBe(50);
  again.close();
});

test('a database closed at once, before its worker began, closes and opens again', () => {
  for (let i = 0; i < 3; i++) {
    const db = openDatabase(file);
    writeSome(db, 1);
    db.close();
  }
  const db = openDatabase(file);
  expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(3);
  db.close();
  expect(existsSync(`${file}-wal`)).toBe(false);
});

test('an in-memory database has no log and no worker', () => {
  const db = openDatabase(':memory:');
  writeSome(db, 1);
  expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  db.close();
});
