/**
 * Copies a SQLite store into an empty PostgreSQL store: the move when one machine is outgrown.
 * Records go through the PostgreSQL repositories (which derive their geometry, search and ward
 * columns); the version table is then copied row for row with its sequence numbers, so the audit
 * trail and "the map as of a date" are exactly what they were; accounts, sessions, tokens and
 * indicator values are copied as rows. Everything is read in one SQLite snapshot and written in
 * one PostgreSQL transaction: a copy that fails leaves the target as empty as it found it.
 */
import type { KindFilter, KindRecord, RecordKind } from '../domain/engine/record-kind.ts';
import { complaintKind } from '../domain/complaints/complaint-kind.ts';
import { gapKind } from '../domain/gaps/gap-kind.ts';
import { projectKind } from '../domain/projects/project-kind.ts';
import type { Violation } from '../domain/violations/violation.ts';
import { migratePostgres } from './postgres/migrate.ts';
import { PgRecordRepository } from './postgres/record-repository.ts';
import type { Pg, PgClient, Queryable } from './postgres/pg-client.ts';
import { PgViolationRepository } from './postgres/violation-repository.ts';
import type { Db } from './sqlite/database.ts';
import type { AuditContext } from './store.ts';

/** Rows per statement: large enough to keep round trips few, small enough for flat memory. */
const BATCH = 5000;

/** The tables copied, in an order that keeps foreign keys satisfied. */
export const COPIED_TABLES = [
  'users',
  'sessions',
  'api_tokens',
  'criteria_indicators',
  'violations',
  'projects',
  'gaps',
  'complaints',
  'versions',
] as const;
export type CopiedTable = (typeof COPIED_TABLES)[number];

export interface CopyReport {
  /** Rows per table, as read from SQLite and as found in PostgreSQL after the copy. */
  counts: Record<CopiedTable, { sqlite: number; postgres: number }>;
  seconds: number;
}

interface FeatureRow {
  id: string;
  geometry: string | null;
  properties: string;
}

function feature<T>(row: FeatureRow): T {
  return {
    type: 'Feature',
    id: row.id,
    geometry: row.geometry === null ? null : JSON.parse(row.geometry),
    properties: JSON.parse(row.properties),
  } as T;
}

/** Rows of a query, in arrays of BATCH. */
function* batches<T>(db: Db, sql: string): Generator<T[]> {
  let batch: T[] = [];
  for (const row of db.prepare<[], T>(sql).iterate()) {
    batch.push(row);
    if (batch.length === BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

/** Each column of the rows as one array, for `unnest($1::type[], …)`. */
function columns<T extends object>(rows: T[], names: readonly (keyof T)[]): unknown[][] {
  return names.map((name) => rows.map((row) => row[name] ?? null));
}

/** Rows copied as they are; `types` gives each column's SQL type, with `json` read as jsonb. */
async function copyRows(
  db: Db,
  pg: Queryable,
  table: CopiedTable,
  spec: Record<string, string>,
  overriding = false,
): Promise<void> {
  const names = Object.keys(spec);
  const list = names.join(', ');
  const unnest = names
    .map((n, i) => `$${i + 1}::${spec[n] === 'jsonb' ? 'text' : spec[n]}[]`)
    .join(', ');
  const select = names.map((n) => (spec[n] === 'jsonb' ? `${n}::jsonb` : n)).join(', ');
  for (const rows of batches<Record<string, unknown>>(db, `SELECT ${list} FROM ${table}`)) {
    await pg.query(
      `INSERT INTO ${table} (${list}) ${overriding ? 'OVERRIDING SYSTEM VALUE' : ''}
       SELECT ${select} FROM unnest(${unnest}) AS t(${list})`,
      columns(rows, names),
    );
  }
}

async function count(
  db: Db,
  pg: Queryable,
  table: CopiedTable,
): Promise<{ sqlite: number; postgres: number }> {
  return {
    sqlite: db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number,
    postgres: (await pg.one<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))!.n,
  };
}

/** Refuses a target that holds anything: a copy never merges into or overwrites records. */
async function assertEmpty(pg: Queryable): Promise<void> {
  const held: CopiedTable[] = [];
  for (const table of COPIED_TABLES) {
    const row = await pg.one<{ n: number }>(`SELECT count(*) AS n FROM ${table}`);
    if (row!.n > 0) held.push(table);
  }
  if (held.length) {
    throw new Error(
      `The PostgreSQL database is not empty (it has rows in ${held.join(', ')}): copy into a new, empty database.`,
    );
  }
}

/**
 * Statements here run with the write pool's generous timeout, not a read budget: nobody waits on
 * a screen for a copy, and it must not stop half-way because one count took a few seconds.
 */
export async function copyToPostgres(db: Db, pg: PgClient): Promise<CopyReport> {
  const started = performance.now();
  await migratePostgres(pg);
  await assertEmpty(pg);
  // One read transaction: every table from the same moment, even with the server still writing.
  db.exec('BEGIN');
  try {
    await pg.transaction(async (tx) => {
      await copyRows(db, tx, 'users', {
        id: 'text',
        username: 'text',
        display_name: 'text',
        roles: 'jsonb',
        password_hash: 'text',
        password_changed_at: 'text',
        disabled_at: 'text',
        created_at: 'text',
        updated_at: 'text',
        version: 'int',
      });
      await copyRows(db, tx, 'sessions', {
        token_hash: 'text',
        user_id: 'text',
        created_at: 'text',
        expires_at: 'text',
        last_seen_at: 'text',
      });
      await copyRows(db, tx, 'api_tokens', {
        id: 'text',
        user_id: 'text',
        name: 'text',
        token_hash: 'text',
        scope: 'text',
        expires_on: 'text',
        created_at: 'text',
        last_used_at: 'text',
        revoked_at: 'text',
      });
      await copyRows(db, tx, 'criteria_indicators', {
        rule_set: 'text',
        code: 'text',
        scope: 'text',
        value: 'jsonb',
        source: 'text',
        note: 'text',
        entered_by: 'text',
        entered_at: 'text',
        version: 'int',
      });
      await copyRecords(db, tx);
      // The repositories wrote a version for each record they inserted: the history replaces them.
      await tx.query('DELETE FROM versions');
      await copyRows(
        db,
        tx,
        'versions',
        {
          seq: 'bigint',
          layer: 'text',
          record_id: 'text',
          version: 'int',
          action: 'text',
          at: 'text',
          user_id: 'text',
          reason: 'text',
          before: 'jsonb',
          after: 'jsonb',
        },
        true,
      );
      await tx.query(
        `SELECT setval(pg_get_serial_sequence('versions', 'seq'),
           (SELECT coalesce(max(seq), 0) + 1 FROM versions), false)`,
      );
    });
    const counts = {} as CopyReport['counts'];
    for (const table of COPIED_TABLES) counts[table] = await count(db, pg, table);
    return { counts, seconds: (performance.now() - started) / 1000 };
  } finally {
    db.exec('COMMIT');
  }
}

/** Inside the copy's transaction: the repositories' own transactions join it. */
async function copyRecords(db: Db, tx: Pg): Promise<void> {
  const audit: AuditContext = { user: null, at: new Date().toISOString() };
  const violations = new PgViolationRepository(tx);
  for (const rows of batches<FeatureRow>(
    db,
    'SELECT id, geometry, properties FROM violations ORDER BY rowid',
  )) {
    await violations.insertMany(rows.map(feature<Violation>), 'copy', audit);
  }
  await copyKind(db, tx, projectKind, audit);
  await copyKind(db, tx, gapKind, audit);
  await copyKind(db, tx, complaintKind, audit);
}

/** The records of one kind, through its PostgreSQL repository, in the order SQLite keeps them. */
async function copyKind<R extends KindRecord, F extends KindFilter>(
  db: Db,
  tx: Pg,
  kind: RecordKind<R, F>,
  audit: AuditContext,
): Promise<void> {
  const repository = new PgRecordRepository(tx, kind);
  for (const rows of batches<FeatureRow>(
    db,
    `SELECT id, geometry, properties FROM ${kind.layer} ORDER BY rowid`,
  )) {
    for (const row of rows) await repository.insert(feature<R>(row), 'copy', audit);
  }
}
