/** Users in SQLite; every insert and update writes a version row without the password hash. */
import type { Synchronous } from './synchronous.ts';
import { publicUser, type User } from '../../domain/access/user.ts';
import type { AuditContext, UserRepository } from '../store.ts';
import type { Db } from './database.ts';
import { VersionWriter } from './versions.ts';

interface Row extends Omit<User, 'roles'> {
  roles: string;
}

function fromRow(row: Row): User {
  return { ...row, roles: JSON.parse(row.roles) };
}

function toRow(user: User): Row {
  return { ...user, roles: JSON.stringify(user.roles) };
}

const COLUMNS = `id, username, display_name, roles, password_hash, password_changed_at,
  disabled_at, created_at, updated_at, version`;

export class SqliteUserRepository implements Synchronous<UserRepository> {
  readonly #db: Db;
  readonly #versions: VersionWriter;
  readonly #byId;
  readonly #byName;
  readonly #insert;
  readonly #update;

  constructor(db: Db) {
    this.#db = db;
    this.#versions = new VersionWriter(db);
    this.#byId = db.prepare<[string], Row>(`SELECT ${COLUMNS} FROM users WHERE id = ?`);
    this.#byName = db.prepare<[string], Row>(`SELECT ${COLUMNS} FROM users WHERE username = ?`);
    this.#insert = db.prepare(`INSERT INTO users (${COLUMNS}) VALUES (@id, @username,
      @display_name, @roles, @password_hash, @password_changed_at, @disabled_at, @created_at,
      @updated_at, @version) ON CONFLICT DO NOTHING`);
    this.#update = db.prepare(`UPDATE users SET username = @username,
      display_name = @display_name, roles = @roles, password_hash = @password_hash,
      password_changed_at = @password_changed_at, disabled_at = @disabled_at,
      updated_at = @updated_at, version = @version WHERE id = @id AND version = @expected`);
  }

  count(): number {
    return this.#db.prepare('SELECT count(*) FROM users').pluck().get() as number;
  }

  get(id: string): User | undefined {
    const row = this.#byId.get(id);
    return row && fromRow(row);
  }

  byUsername(username: string): User | undefined {
    const row = this.#byName.get(username);
    return row && fromRow(row);
  }

  list(): User[] {
    return this.#db
      .prepare<[], Row>(`SELECT ${COLUMNS} FROM users ORDER BY username`)
      .all()
      .map(fromRow);
  }

  insert(user: User, audit: AuditContext): boolean {
    return this.#db
      .transaction(() => {
        if (this.#insert.run(toRow(user)).changes === 0) return false;
        this.#versions.write(
          'users',
          user.id,
          user.version,
          'create',
          audit,
          null,
          publicUser(user),
        );
        return true;
      })
      .immediate();
  }

  update(user: User, expectedVersion: number, action: string, audit: AuditContext): boolean {
    return this.#db
      .transaction(() => {
        const before = this.get(user.id);
        if (!before) return false;
        if (this.#update.run({ ...toRow(user), expected: expectedVersion }).changes === 0) {
          return false;
        }
        this.#versions.write(
          'users',
          user.id,
          user.version,
          action,
          audit,
          publicUser(before),
          publicUser(user),
        );
        return true;
      })
      .immediate();
  }
}
