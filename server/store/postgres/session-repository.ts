/** Sign-in sessions in PostgreSQL, by the hash of the cookie's value. Not versioned: not changes. */
import type { Session, SessionRepository } from '../store.ts';
import type { SyncPg } from './sync-client.ts';

const COLUMNS = 'token_hash, user_id, created_at, expires_at, last_seen_at';

export class PgSessionRepository implements SessionRepository {
  constructor(private readonly pg: SyncPg) {}

  insert(session: Session): void {
    this.pg.query(`INSERT INTO sessions (${COLUMNS}) VALUES ($1, $2, $3, $4, $5)`, [
      session.token_hash,
      session.user_id,
      session.created_at,
      session.expires_at,
      session.last_seen_at,
    ]);
  }

  get(tokenHash: string): Session | undefined {
    return this.pg.one<Session>(`SELECT ${COLUMNS} FROM sessions WHERE token_hash = $1`, [
      tokenHash,
    ]);
  }

  touch(tokenHash: string, lastSeenAt: string, expiresAt: string): void {
    this.pg.query('UPDATE sessions SET last_seen_at = $2, expires_at = $3 WHERE token_hash = $1', [
      tokenHash,
      lastSeenAt,
      expiresAt,
    ]);
  }

  delete(tokenHash: string): void {
    this.pg.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
  }

  deleteForUser(userId: string): void {
    this.pg.query('DELETE FROM sessions WHERE user_id = $1', [userId]);
  }

  deleteExpired(now: string): number {
    return this.pg.run('DELETE FROM sessions WHERE expires_at <= $1', [now]).rowCount;
  }
}
