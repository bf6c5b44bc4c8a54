/** Personal API tokens in SQLite: the hash of the secret, never the secret; revoked, not deleted. */
import type { Synchronous } from './synchronous.ts';
import type { ApiToken } from '../../domain/access/user.ts';
import type { AuditContext, TokenRepository } from '../store.ts';
import type { Db } from './database.ts';
import { VersionWriter } from './versions.ts';

const COLUMNS = 'id, user_id, name, scope, expires_on, created_at, last_used_at, revoked_at';

export class SqliteTokenRepository implements Synchronous<TokenRepository> {
  readonly #db: Db;
  readonly #versions: VersionWriter;
  readonly #insert;
  readonly #get;
  readonly #byHash;
  readonly #revoke;
  readonly #live;
  readonly #touch;

  constructor(db: Db) {
    this.#db = db;
    this.#versions = new VersionWriter(db);
    this.#insert = db.prepare(`INSERT INTO api_tokens (${COLUMNS}, token_hash)
      VALUES (@id, @user_id, @name, @scope, @expires_on, @created_at, @last_used_at, @revoked_at,
        @token_hash)`);
    this.#get = db.prepare<[string], ApiToken>(`SELECT ${COLUMNS} FROM api_tokens WHERE id = ?`);
    this.#byHash = db.prepare<[string], ApiToken>(
      `SELECT ${COLUMNS} FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL`,
    );
    this.#revoke = db.prepare(
      'UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL',
    );
    this.#live = db.prepare<[string], ApiToken>(
      `SELECT ${COLUMNS} FROM api_tokens WHERE user_id = ? AND revoked_at IS NULL ORDER BY id`,
    );
    this.#touch = db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?');
  }

  insert(token: ApiToken, tokenHash: string, audit: AuditContext): void {
    this.#db
      .transaction(() => {
        this.#insert.run({ ...token, token_hash: tokenHash });
        this.#versions.write('tokens', token.id, 1, 'create', audit, null, token);
      })
      .immediate();
  }

  get(id: string): ApiToken | undefined {
    return this.#get.get(id);
  }

  byHash(tokenHash: string): ApiToken | undefined {
    return this.#byHash.get(tokenHash);
  }

  listForUser(userId: string): ApiToken[] {
    return this.#db
      .prepare<[string], ApiToken>(
        `SELECT ${COLUMNS} FROM api_tokens WHERE user_id = ? ORDER BY created_at DESC, id`,
      )
      .all(userId);
  }

  revoke(id: string, audit: AuditContext): boolean {
    return this.#db
      .transaction(() => {
        const before = this.get(id);
        if (!before || this.#revoke.run(audit.at, id).changes === 0) return false;
        const after = { ...before, revoked_at: audit.at };
        this.#versions.write('tokens', id, 2, 'revoke', audit, before, after);
        return true;
      })
      .immediate();
  }

  revokeForUser(userId: string, action: string, audit: AuditContext): number {
    return this.#db
      .transaction(() => {
        const live = this.#live.all(userId);
        for (const before of live) {
          this.#revoke.run(audit.at, before.id);
          const after = { ...before, revoked_at: audit.at };
          this.#versions.write('tokens', before.id, 2, action, audit, before, after);
        }
        return live.length;
      })
      .immediate();
  }

  touch(id: string, at: string): void {
    this.#touch.run(at, id);
  }
}
