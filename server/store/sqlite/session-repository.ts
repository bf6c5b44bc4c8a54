/** Sign-in sessions in SQLite, by the hash of the cookie's value. */
import type { Synchronous } from './synchronous.ts';
import type { Session, SessionRepository } from '../store.ts';
import type { Db } from './database.ts';

export class SqliteSessionRepository implements Synchronous<SessionRepository> {
  readonly #insert;
  readonly #get;
  readonly #touch;
  readonly #delete;
  readonly #deleteForUser;
  readonly #deleteExpired;

  constructor(db: Db) {
    this.#insert = db.prepare(`INSERT INTO sessions
      (token_hash, user_id, created_at, expires_at, last_seen_at)
      VALUES (@token_hash, @user_id, @created_at, @expires_at, @last_seen_at)`);
    this.#get = db.prepare<[string], Session>('SELECT * FROM sessions WHERE token_hash = ?');
    this.#touch = db.prepare(
      'UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE token_hash = ?',
    );
    this.#delete = db.prepare('DELETE FROM sessions WHERE token_hash = ?');
    this.#deleteForUser = db.prepare('DELETE FROM sessions WHERE user_id = ?');
    this.#deleteExpired = db.prepare('DELETE FROM sessions WHERE expires_at <= ?');
  }

  insert(session: Session): void {
    this.#insert.run(session);
  }

  get(tokenHash: string): Session | undefined {
    return this.#get.get(tokenHash);
  }

  touch(tokenHash: string, lastSeenAt: string, expiresAt: string): void {
    this.#touch.run(lastSeenAt, expiresAt, tokenHash);
  }

  delete(tokenHash: string): void {
    this.#delete.run(tokenHash);
  }

  deleteForUser(userId: string): void {
    this.#deleteForUser.run(userId);
  }

  deleteExpired(now: string): number {
    return this.#deleteExpired.run(now).changes;
  }
}
