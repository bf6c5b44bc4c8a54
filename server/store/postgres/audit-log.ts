/** The audit log in PostgreSQL: the version table of every layer, newest first. */
import type { AuditEntry, AuditFilter, AuditLog, Page } from '../store.ts';
import type { Pg } from './pg-client.ts';
import { fromVersionRow, type VersionRow } from './versions.ts';

export class PgAuditLog implements AuditLog {
  constructor(private readonly pg: Pg) {}

  async list(filter: AuditFilter): Promise<Page<AuditEntry>> {
    const clauses: string[] = [];
    const params: unknown[] = [];
    /** Adds a condition on the next parameter, written as `$?`. */
    const add = (sql: string, value: unknown) => {
      params.push(value);
      clauses.push(sql.replaceAll('$?', `$${params.length}`));
    };
    if (filter.layer) add('layer = $?', filter.layer);
    if (filter.recordId) add('record_id = $?', filter.recordId);
    if (filter.user) add('user_id = $?', filter.user);
    // The action itself or its family before a colon; starts_with has no wildcards to escape.
    if (filter.action) add("(action = $? OR starts_with(action, $? || ':'))", filter.action);
    if (filter.since) add('at >= $?', filter.since);
    if (filter.until) add('at < $?', filter.until);
    const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
    const total = (await this.pg.read.one<{ n: number }>(
      `SELECT count(*) AS n FROM versions ${where}`,
      params,
    ))!.n;
    const n = params.length;
    const rows = await this.pg.read.query<VersionRow>(
      `SELECT * FROM versions ${where} ORDER BY at DESC, seq DESC LIMIT $${n + 1} OFFSET $${n + 2}`,
      [...params, filter.limit, filter.offset],
    );
    return { total, items: rows.map(fromVersionRow) };
  }
}
