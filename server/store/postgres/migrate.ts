/**
 * The PostgreSQL store's numbered migrations (migrations/NNN-name.sql), applied in order when the
 * store opens, each in its own transaction, each once. A session-level advisory lock keeps two
 * app processes starting together from applying the same one twice.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { PgClient } from './pg-client.ts';

const dir = new URL('./migrations/', import.meta.url);
/** Any fixed number: the lock's name among this database's advisory locks. */
const MIGRATION_LOCK = 7_202_507;

export async function migratePostgres(pg: PgClient): Promise<number[]> {
  const migrations = readdirSync(dir)
    .filter((f) => /^\d{3}-[\w-]+\.sql$/.test(f))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 3)),
      name: file.slice(4, -4),
      sql: readFileSync(new URL(file, dir), 'utf8'),
    }));
  // One connection throughout: the advisory lock belongs to the session that took it.
  return pg.session(async (db) => {
    await db.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await db.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version integer PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)`);
      const applied = new Set(
        (await db.query<{ version: number }>('SELECT version FROM schema_migrations')).map(
          (r) => r.version,
        ),
      );
      const done: number[] = [];
      for (const m of migrations) {
        if (applied.has(m.version)) continue;
        await db.transaction(async (tx) => {
          await tx.query(m.sql);
          await tx.query('INSERT INTO schema_migrations VALUES ($1, $2, $3)', [
            m.version,
            m.name,
            new Date().toISOString(),
          ]);
        });
        done.push(m.version);
      }
      return done;
    } finally {
      // A failed unlock means a broken connection, which the pool discards, lock and all: the
      // error that matters is the migration's.
      await db.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    }
  });
}
