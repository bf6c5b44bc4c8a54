/**
 * Tokens made before scopes existed, in both stores: they come out `read-write` with no expiry,
 * and a token written after the migration must be given its scope (no default quietly grants
 * one). PostgreSQL runs in a throwaway cluster; with none installed the file fails, naming the
 * install command.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { openDatabase } from '../../../server/store/sqlite/database.ts';
import { loadMigrations, migrate } from '../../../server/store/sqlite/migrate.ts';
import { migratePostgres } from '../../../server/store/postgres/migrate.ts';
import { PgClient } from '../../../server/store/postgres/pg-client.ts';
import { startPostgresCluster, type PostgresCluster } from '../../support/postgres-cluster.ts';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

const T0 = '2026-03-10T03:00:00.000Z';
const USER = `INSERT INTO users (id, username, display_name, roles, password_hash,
  password_changed_at, disabled_at, created_at, updated_at, version)
  VALUES ('u1', 'lan', 'Nguyễn Thị Lan', '["admin"]', NULL, NULL, NULL, '${T0}', '${T0}', 1)`;
const OLD_TOKEN = `INSERT INTO api_tokens (id, user_id, name, token_hash, created_at, last_used_at,
  revoked_at) VALUES ('k1', 'u1', 'QGIS', '${'a'.repeat(64)}', '${T0}', NULL, NULL)`;
const NEW_TOKEN_WITHOUT_SCOPE = `INSERT INTO api_tokens (id, user_id, name, token_hash,
  created_at) VALUES ('k2', 'u1', 'GDAL', '${'b'.repeat(64)}', '${T0}')`;

describe('SQLite', () => {
  test('a token from before scopes is read-write with no expiry; a new one needs a scope', () => {
    const db = openDatabase(':memory:');
    const all = loadMigrations();
    const scopes = all.findIndex((m) => m.name === 'token-scopes');
    expect(scopes).toBeGreaterThan(0);
    migrate(db, all.slice(0, scopes));
    db.exec(USER);
    db.exec(OLD_TOKEN);
    migrate(db, all);
    expect(db.prepare("SELECT scope, expires_on FROM api_tokens WHERE id = 'k1'").get()).toEqual({
      scope: 'read-write',
      expires_on: null,
    });
    expect(() => db.exec(NEW_TOKEN_WITHOUT_SCOPE)).toThrow(/NOT NULL/);
    db.close();
  });
});

describe('PostgreSQL', () => {
  let cluster: PostgresCluster;
  let pg: PgClient;
  beforeAll(async () => {
    cluster = await startPostgresCluster();
    const admin = new PgClient(cluster.url());
    await admin.query('CREATE DATABASE uim_token_scopes');
    await admin.close();
    pg = new PgClient(cluster.url('uim_token_scopes'));
  });
  afterAll(async () => {
    await pg?.close();
    cluster?.stop();
  });

  test('a token from before scopes is read-write with no expiry; a new one needs a scope', async () => {
    // The store as its first migration left it, recorded as applied.
    const first = new URL(
      '../../../server/store/postgres/migrations/001-schema.sql',
      import.meta.url,
    );
    await pg.query(readFileSync(first, 'utf8'));
    await pg.query(`CREATE TABLE schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)`);
    await pg.query(`INSERT INTO schema_migrations VALUES (1, 'schema', '${T0}')`);
    await pg.query(USER);
    await pg.query(OLD_TOKEN);
    expect(await migratePostgres(pg)).toContain(2);
    expect(await pg.query("SELECT scope, expires_on FROM api_tokens WHERE id = 'k1'")).toEqual([
      { scope: 'read-write', expires_on: null },
    ]);
    await expect(pg.query(NEW_TOKEN_WITHOUT_SCOPE)).rejects.toThrow(/null value/);
  });
});
