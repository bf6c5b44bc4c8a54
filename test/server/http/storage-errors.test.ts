/**
 * SQLite's own refusals to write (a read-only or full database, a file it cannot open) answer
 * like a read-only or full disk: 503 STORAGE naming the data folder, in both languages. The
 * errors are real ones from better-sqlite3, thrown by a route under the app's error handler.
 */
import Database from 'better-sqlite3';
import { Hono } from 'hono';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { errorHandler } from '../../../server/http/errors.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'uim-storage-errors-'));
  const db = new Database(join(dir, 'records.sqlite'));
  db.exec('CREATE TABLE t (x BLOB)');
  db.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Each route makes SQLite fail one way. */
const failures: Record<string, () => void> = {
  readonly: () => {
    const db = new Database(join(dir, 'records.sqlite'), { readonly: true });
    try {
      db.prepare('INSERT INTO t VALUES (1)').run();
    } finally {
      db.close();
    }
  },
  full: () => {
    const db = new Database(':memory:');
    try {
      db.exec('CREATE TABLE t (x BLOB)');
      db.pragma('max_page_count = 8');
      db.prepare('INSERT INTO t VALUES (?)').run(Buffer.alloc(64 * 1024));
    } finally {
      db.close();
    }
  },
  cantopen: () => {
    // A folder where the database file should be: SQLite cannot open it.
    new Database(dir);
  },
  other: () => {
    throw new Error('a bug');
  },
};

const app = new Hono().get('/:how', (c) => {
  failures[c.req.param('how')]!();
  return c.text('written');
});
app.onError(errorHandler('/srv/uim-data'));

async function answer(how: string, language: string) {
  const res = await app.request(`/${how}`, { headers: { 'accept-language': language } });
  return { status: res.status, body: (await res.json()) as { error: Record<string, any> } };
}

describe('SQLite write errors are storage faults', () => {
  test.each([
    ['readonly', 'read-only', /chỉ đọc/],
    ['full', 'full', /đầy/],
    ['cantopen', 'no-permission', /không có quyền ghi/],
  ])('SQLITE_%s: 503 STORAGE naming the folder', async (how, problem, vi) => {
    const inVietnamese = await answer(how, 'vi');
    expect(inVietnamese.status).toBe(503);
    expect(inVietnamese.body.error.code).toBe('STORAGE');
    expect(inVietnamese.body.error.message).toContain(
      'Không ghi được vào thư mục dữ liệu /srv/uim-data',
    );
    expect(inVietnamese.body.error.message).toMatch(vi);
    expect(inVietnamese.body.error.details).toEqual({ folder: '/srv/uim-data', problem });
    const inEnglish = await answer(how, 'en');
    expect(inEnglish.body.error.message).toContain('Cannot write to the data folder /srv/uim-data');
  });

  test('any other error is still a 500', async () => {
    const { status, body } = await answer('other', 'en');
    expect(status).toBe(500);
    expect(body.error.code).toBe('INTERNAL');
  });
});
