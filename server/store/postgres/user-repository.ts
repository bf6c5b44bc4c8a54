/**
 * Users in PostgreSQL; every insert and update writes a version row without the password hash,
 * in the same statement, so neither exists without the other.
 */
import { publicUser, type User } from '../../domain/access/user.ts';
import type { AuditContext, UserRepository } from '../store.ts';
import type { Pg } from './pg-client.ts';

const COLUMNS = `id, username, display_name, roles, password_hash, password_changed_at,
  disabled_at, created_at, updated_at, version`;

/** The user's columns as $1…$10 of an insert, in COLUMNS' order. */
function values(user: User): unknown[] {
  return [
    user.id,
    user.username,
    user.display_name,
    JSON.stringify(user.roles),
    user.password_hash,
    user.password_changed_at,
    user.disabled_at,
    user.created_at,
    user.updated_at,
    user.version,
  ];
}

/** $11…$15 of insert and update: the version row's own fields. */
function versionValues(user: User, action: string, audit: AuditContext): unknown[] {
  return [action, audit.at, audit.user, audit.reason ?? null, JSON.stringify(publicUser(user))];
}

const WRITE_VERSION = `INSERT INTO versions
  (layer, record_id, version, action, at, user_id, reason, before, after)`;

export class PgUserRepository implements UserRepository {
  constructor(private readonly pg: Pg) {}

  async count(): Promise<number> {
    return (await this.pg.read.one<{ n: number }>('SELECT count(*) AS n FROM users'))!.n;
  }

  get(id: string): Promise<User | undefined> {
    return this.pg.read.one<User>(`SELECT ${COLUMNS} FROM users WHERE id = $1`, [id]);
  }

  /** Case-blind through the unique index on lower(username), as SQLite's COLLATE NOCASE. */
  byUsername(username: string): Promise<User | undefined> {
    return this.pg.read.one<User>(
      `SELECT ${COLUMNS} FROM users WHERE lower(username) = lower($1)`,
      [username],
    );
  }

  /** In SQLite's NOCASE order: case folded, then byte order whatever the database's locale. */
  list(): Promise<User[]> {
    return this.pg.read.query<User>(
      `SELECT ${COLUMNS} FROM users ORDER BY lower(username) COLLATE "C", username COLLATE "C"`,
    );
  }

  async insert(user: User, audit: AuditContext): Promise<boolean> {
    // ON CONFLICT covers the id and the case-blind username alike: a refused user writes no version.
    const { rowCount } = await this.pg.run(
      `WITH added AS (
         INSERT INTO users (${COLUMNS}) VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8, $9, $10)
         ON CONFLICT DO NOTHING RETURNING id)
       ${WRITE_VERSION}
       SELECT 'users', id, $10, $11, $12, $13, $14, NULL::jsonb, $15::jsonb FROM added`,
      [...values(user), ...versionValues(user, 'create', audit)],
    );
    return rowCount === 1;
  }

  async update(
    user: User,
    expectedVersion: number,
    action: string,
    audit: AuditContext,
  ): Promise<boolean> {
    // `before` reads the row in the statement's snapshot; the update runs only where it found
    // the expected version, and skips the row if another writer changed it since, so a stored
    // version always pairs the state it replaced with the one it wrote.
    const { rowCount } = await this.pg.run(
      `WITH before AS (
         SELECT to_jsonb(u) - 'password_hash' AS state FROM users u
         WHERE id = $1 AND version = $2),
       changed AS (
         UPDATE users SET username = $3, display_name = $4, roles = $5::jsonb,
           password_hash = $6, password_changed_at = $7, disabled_at = $8, updated_at = $9,
           version = $10
         WHERE id = $1 AND version = $2 AND EXISTS (SELECT FROM before)
         RETURNING id)
       ${WRITE_VERSION}
       SELECT 'users', changed.id, $10, $11, $12, $13, $14, before.state, $15::jsonb
       FROM changed, before`,
      [
        user.id,
        expectedVersion,
        user.username,
        user.display_name,
        JSON.stringify(user.roles),
        user.password_hash,
        user.password_changed_at,
        user.disabled_at,
        user.updated_at,
        user.version,
        ...versionValues(user, action, audit),
      ],
    );
    return rowCount === 1;
  }
}
