/** Sign-in sessions in PostgreSQL, by the hash of the cookie's value. Not versioned: not changes. */
import type { Session, SessionRepository } from '../store.ts';
import type { Pg } from './pg-client.ts';

const COLUMNS = 'token_hash, user_id, created_at, expires_at, last_seen_at';

export class PgSessionRepository implements SessionRepository {
  constructor(private readonly pg: Pg) {}

  async insert(session: Session): Promise<void> {
    await this.pg.query(`INSERT INTO sessions (${COLUMNS}) VALUES ($1, $2, $3, $4, $5)`, [
      session.token_hash,
      session.user_id,
      session.created_at,
      session.expires_at,
      session.last_seen_at,
    ]);
  }

  get(tokenHash: string): Promise<Session | undefined> {
    return this.pg.read.one<Session>(`SELECT ${COLUMNS} FROM sessions WHERE token_hash = $1`, [
      tokenHash,
    ]);
  }

  async touch(tokenHash: string, lastSeenAt: string, expiresAt: string): Promise<void> {
    await this.pg.query(
      'UPDATE sessions SET last_seen_at = $2, expires_at = $3 WHERE token_hash = $1',
      [tokenHash, lastSeenAt, expiresAt],
    );
  }

  async delete(tokenHash: string): Promise<void> {
    await this.pg.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
  }

  async deleteForUser(userId: string): Promise<void> {
    await this.pg.query('DELETE FROM sessions WHERE user_id = $1', [userId]);
  }

  async deleteExpired(now: string): Promise<number> {
    return (await this.pg.run('DELETE FROM sessions WHERE expires_at <= $1', [now])).rowCount;
  }
}
