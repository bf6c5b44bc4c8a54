/**
 * Moving to PostgreSQL: a SQLite database with records, history, accounts and indicator values is
 * copied into an empty PostgreSQL database, and the PostgreSQL store then answers every question
 * the SQLite store answered, the same way, down to the audit log's sequence numbers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { copyToPostgres } from '../../../server/store/copy-to-postgres.ts';
import { createPostgresStore } from '../../../server/store/postgres/postgres-store.ts';
import { PgClient } from '../../../server/store/postgres/pg-client.ts';
import { openDatabase } from '../../../server/store/sqlite/database.ts';
import { createSqliteStore } from '../../../server/store/sqlite/sqlite-store.ts';
import type { Store } from '../../../server/store/store.ts';
import { startPostgresCluster, type PostgresCluster } from '../../support/postgres-cluster.ts';
import { makeGap } from '../gap-fixtures.ts';
import { makeViolation, square } from '../helpers.ts';
import { makeSession, makeToken, makeUser } from './contract-accounts.ts';
import { makeProject } from './contract-projects.ts';

const T0 = { user: 'inspector-1', at: '2026-03-10T03:00:00.000Z' };
const T1 = { user: 'planner-2', at: '2026-04-02T03:00:00.000Z', reason: 'đã xác minh' };
const T2 = { user: 'lead-3', at: '2026-05-20T03:00:00.000Z', reason: 'trùng hồ sơ' };
const EVERYTHING = { limit: 1000, offset: 0, archived: 'include' } as const;
const TOKEN_HASH = 'a'.repeat(64);
const user = makeUser({ username: 'Chi.Nguyen' });
const session = makeSession(user.id);

let cluster: PostgresCluster;
let admin: PgClient;
const dir = mkdtempSync(join(tmpdir(), 'uim-copy-'));
const file = join(dir, 'source.sqlite');
let sqlite: Store;

/** A store with some of everything: edits, an archived case, a project, a gap, accounts. */
async function seed(store: Store): Promise<void> {
  const cases = Array.from({ length: 30 }, (_, i) =>
    makeViolation(
      {
        description: `Lấn chiếm vỉa hè số ${i}`,
        observed_at: `2026-03-${String((i % 28) + 1).padStart(2, '0')}T02:00:00.000Z`,
      },
      i % 5 === 0 ? square([105.834 + i * 1e-4, 22.147], 2e-4) : undefined,
    ),
  );
  await store.violations.insertMany(cases, 'import', T0);
  const first = cases[0]!;
  const verified = {
    ...first,
    properties: { ...first.properties, status: 'verified' as const, version: 2, updated_at: T1.at },
  };
  await store.violations.update(verified, 1, 'step:verified', T1);
  const archived = {
    ...verified,
    properties: { ...verified.properties, archived_at: T2.at, version: 3, updated_at: T2.at },
  };
  await store.violations.update(archived, 2, 'archive', T2);
  await store.projects.insert(makeProject(), 'create', T0);
  await store.gaps.insert(makeGap(), 'create', T0);
  await store.gaps.insert(makeGap({}, null), 'create', T1);
  await store.users.insert(user, T0);
  await store.sessions.insert(session);
  await store.tokens.insert(makeToken(user.id), TOKEN_HASH, T0);
  await store.indicators.put(
    {
      rule_set: 'nq111-2025-table2a',
      code: 'III.14',
      scope: 'urban',
      value: 31,
      source: 'statistics',
      note: 'Niên giám thống kê 2025',
      entered_by: user.id,
      entered_at: T1.at,
      version: 1,
    },
    null,
    T1,
  );
}

beforeAll(async () => {
  cluster = await startPostgresCluster();
  admin = new PgClient(cluster.url());
  sqlite = createSqliteStore(file);
  await seed(sqlite);
}, 120_000);

afterAll(async () => {
  await sqlite?.close();
  await admin?.close();
  cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

async function copyInto(database: string) {
  await admin.query(`CREATE DATABASE ${database}`);
  const db = openDatabase(file);
  const pg = new PgClient(cluster.url(database));
  try {
    return await copyToPostgres(db, pg);
  } finally {
    await pg.close();
    db.close();
  }
}

describe('copying a SQLite store into PostgreSQL', () => {
  let postgres: Store;
  let report: Awaited<ReturnType<typeof copyToPostgres>>;
  beforeAll(async () => {
    report = await copyInto('uim_copy');
    postgres = await createPostgresStore(cluster.url('uim_copy'));
    return () => postgres.close();
  });

  test('every table has as many rows in PostgreSQL as in SQLite', () => {
    for (const [table, { sqlite: from, postgres: to }] of Object.entries(report.counts)) {
      expect(to, table).toBe(from);
    }
    expect(report.counts.violations.sqlite).toBe(30);
    // 30 imported, one verified, then archived; a project, two gaps, a user, a token, a value.
    expect(report.counts.versions.sqlite).toBe(38);
  });

  test('the records, archived ones included, are the same', async () => {
    expect(await postgres.violations.list(EVERYTHING)).toEqual(
      await sqlite.violations.list(EVERYTHING),
    );
    expect(await postgres.projects.list({ limit: 100, offset: 0 })).toEqual(
      await sqlite.projects.list({ limit: 100, offset: 0 }),
    );
    expect(await postgres.gaps.list({ limit: 100, offset: 0 })).toEqual(
      await sqlite.gaps.list({ limit: 100, offset: 0 }),
    );
  });

  test('the audit trail keeps its order, its sequence numbers, who and why', async () => {
    const all = { limit: 1000, offset: 0 };
    expect(await postgres.audit.list(all)).toEqual(await sqlite.audit.list(all));
    const archivedId = (await sqlite.violations.list({ ...EVERYTHING, archived: 'only' })).items[0]!
      .id;
    expect(await postgres.violations.history(archivedId)).toEqual(
      await sqlite.violations.history(archivedId),
    );
    expect((await postgres.violations.history(archivedId)).map((h) => h.action)).toEqual([
      'import',
      'step:verified',
      'archive',
    ]);
  });

  test('the map as of a date and the monthly export read the same history', async () => {
    const april = '2026-04-15T00:00:00.000Z';
    expect(await postgres.violations.listAsOf(april, EVERYTHING)).toEqual(
      await sqlite.violations.listAsOf(april, EVERYTHING),
    );
    const states = async (store: Store) => {
      const all = [];
      for await (const s of store.versions.statesChangedIn(
        'violations',
        '2026-03-01T00:00:00Z',
        '2026-06-01T00:00:00Z',
      )) {
        all.push(s);
      }
      return all;
    };
    expect(await states(postgres)).toEqual(await states(sqlite));
  });

  test('people still sign in: users, sessions and API tokens are there, hashes and all', async () => {
    expect(await postgres.users.byUsername('CHI.NGUYEN')).toEqual(
      await sqlite.users.byUsername('chi.nguyen'),
    );
    expect((await postgres.users.byUsername('chi.nguyen'))?.password_hash).toBe(user.password_hash);
    expect(await postgres.sessions.get(session.token_hash)).toEqual(session);
    expect(await postgres.tokens.byHash(TOKEN_HASH)).toEqual(
      await sqlite.tokens.byHash(TOKEN_HASH),
    );
    expect(await postgres.indicators.list('nq111-2025-table2a', 'urban')).toEqual(
      await sqlite.indicators.list('nq111-2025-table2a', 'urban'),
    );
  });

  test('new versions continue the sequence after the copied ones', async () => {
    const [record] = (await postgres.violations.list({ limit: 1, offset: 0 })).items;
    const next = {
      ...record!,
      properties: {
        ...record!.properties,
        description: 'sau khi chuyển',
        version: record!.properties.version + 1,
      },
    };
    expect(await postgres.violations.update(next, record!.properties.version, 'edit', T2)).toBe(
      true,
    );
    const newest = (await postgres.audit.list({ limit: 1, offset: 0 })).items[0]!;
    expect(newest.seq).toBe(report.counts.versions.sqlite + 1);
  });
});

test('refuses a database that already holds records, and changes nothing in it', async () => {
  await copyInto('uim_twice');
  const pg = new PgClient(cluster.url('uim_twice'));
  const versions = async () =>
    (await pg.one<{ n: number }>('SELECT count(*) AS n FROM versions'))!.n;
  try {
    const before = await versions();
    const db = openDatabase(file);
    try {
      await expect(copyToPostgres(db, pg)).rejects.toThrow(/not empty.*violations/);
    } finally {
      db.close();
    }
    expect(await versions()).toBe(before);
  } finally {
    await pg.close();
  }
  // Two copies, each migrating a new database (PostGIS's extension takes seconds on a busy machine).
}, 60_000);
