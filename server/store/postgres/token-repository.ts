/**
 * Personal API tokens in PostgreSQL: the hash of the secret, never the secret; revoked, not
 * deleted. Creation and revocation write their version in the same statement.
 */
import type { ApiToken } from '../../domain/access/user.ts';
import type { AuditContext, TokenRepository } from '../store.ts';
import type { Pg } from './pg-client.ts';

const COLUMNS = 'id, user_id, name, scope, expires_on, created_at, last_used_at, revoked_at';

const WRITE_VERSION = `INSERT INTO versions
  (layer, record_id, version, action, at, user_id, reason, before, after)`;

export class PgTokenRepository implements TokenRepository {
  constructor(private readonly pg: Pg) {}

  async insert(token: ApiToken, tokenHash: string, audit: AuditContext): Promise<void> {
    await this.pg.query(
      `WITH added AS (
         INSERT INTO api_tokens (${COLUMNS}, token_hash)
         VALUES ($1, $2, $3, $12, $13, $4, $5, $6, $7)
         RETURNING id)
       ${WRITE_VERSION}
       SELECT 'tokens', id, 1, 'create', $8, $9, $10, NULL::jsonb, $11::jsonb FROM added`,
      [
        token.id,
        token.user_id,
        token.name,
        token.created_at,
        token.last_used_at,
        token.revoked_at,
        tokenHash,
        audit.at,
        audit.user,
        audit.reason ?? null,
        JSON.stringify(token),
        token.scope,
        token.expires_on,
      ],
    );
  }

  get(id: string): Promise<ApiToken | undefined> {
    return this.pg.read.one<ApiToken>(`SELECT ${COLUMNS} FROM api_tokens WHERE id = $1`, [id]);
  }

  byHash(tokenHash: string): Promise<ApiToken | undefined> {
    return this.pg.read.one<ApiToken>(
      `SELECT ${COLUMNS} FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL`,
      [tokenHash],
    );
  }

  listForUser(userId: string): Promise<ApiToken[]> {
    return this.pg.read.query<ApiToken>(
      `SELECT ${COLUMNS} FROM api_tokens WHERE user_id = $1
       ORDER BY created_at COLLATE "C" DESC, id COLLATE "C"`,
      [userId],
    );
  }

  async revoke(id: string, audit: AuditContext): Promise<boolean> {
    // Only a live token is revoked, so the state before is the one written with revoked_at empty.
    const { rowCount } = await this.pg.run(
      `WITH revoked AS (
         UPDATE api_tokens t SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL
         RETURNING to_jsonb(t) - 'token_hash' AS state)
       ${WRITE_VERSION}
       SELECT 'tokens', $1, 2, 'revoke', $2, $3, $4,
         state || '{"revoked_at": null}'::jsonb, state FROM revoked`,
      [id, audit.at, audit.user, audit.reason ?? null],
    );
    return rowCount === 1;
  }

  async revokeForUser(userId: string, action: string, audit: AuditContext): Promise<number> {
    const { rowCount } = await this.pg.run(
      `WITH revoked AS (
         UPDATE api_tokens t SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL
         RETURNING id, to_jsonb(t) - 'token_hash' AS state)
       ${WRITE_VERSION}
       SELECT 'tokens', id, 2, $5, $2, $3, $4,
         state || '{"revoked_at": null}'::jsonb, state FROM revoked`,
      [userId, audit.at, audit.user, audit.reason ?? null, action],
    );
    return rowCount ?? 0;
  }

  async touch(id: string, at: string): Promise<void> {
    await this.pg.query('UPDATE api_tokens SET last_used_at = $2 WHERE id = $1', [id, at]);
  }
}
