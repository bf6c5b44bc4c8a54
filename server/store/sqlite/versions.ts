/** The version table: every change of every layer, written in the change's own transaction. */
import type { Synchronous } from './synchronous.ts';
import type {
  AuditContext,
  AuditEntry,
  AuditFilter,
  AuditLayer,
  AuditLog,
  Page,
} from '../store.ts';
import type { Db } from './database.ts';

/**
 * How many changes of each layer this process wrote, per database. Every change passes through a
 * VersionWriter, so caches built from the records (map clusters) compare this number to know
 * they are stale; SQLite's data_version tells them about other processes' commits.
 */
const written = new WeakMap<Db, Map<AuditLayer, number>>();

/** The number of changes of a layer written through this database connection so far. */
export function changesWritten(db: Db, layer: AuditLayer): number {
  return written.get(db)?.get(layer) ?? 0;
}

export class VersionWriter {
  readonly #insert;
  readonly #counts: Map<AuditLayer, number>;

  constructor(db: Db) {
    let counts = written.get(db);
    if (!counts) written.set(db, (counts = new Map()));
    this.#counts = counts;
    this.#insert = db.prepare(`INSERT INTO versions
      (layer, record_id, version, action, at, user_id, reason, before, after)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  }

  /** Call inside the transaction that makes the change, so neither exists without the other. */
  write(
    layer: AuditLayer,
    recordId: string,
    version: number,
    action: string,
    audit: AuditContext,
    before: unknown,
    after: unknown,
  ): void {
    this.writeJson(
      layer,
      recordId,
      version,
      action,
      audit,
      before == null ? null : JSON.stringify(before),
      after == null ? null : JSON.stringify(after),
    );
  }

  /** `write` with the states already as JSON text: a bulk import serialises each record once. */
  writeJson(
    layer: AuditLayer,
    recordId: string,
    version: number,
    action: string,
    audit: AuditContext,
    before: string | null,
    after: string | null,
  ): void {
    // Counted before the write commits: a cache dropped for a change that rolls back only
    // rebuilds once more, while one kept past a committed change would show the past.
    this.#counts.set(layer, (this.#counts.get(layer) ?? 0) + 1);
    this.#insert.run(
      layer,
      recordId,
      version,
      action,
      audit.at,
      audit.user,
      audit.reason ?? null,
      before,
      after,
    );
  }
}

interface Row {
  seq: number;
  layer: AuditLayer;
  record_id: string;
  version: number;
  action: string;
  at: string;
  user_id: string | null;
  reason: string | null;
  before: string | null;
  after: string | null;
}

export function fromVersionRow(r: Row): AuditEntry {
  return {
    seq: r.seq,
    layer: r.layer,
    record_id: r.record_id,
    version: r.version,
    action: r.action,
    at: r.at,
    user: r.user_id,
    reason: r.reason,
    before: r.before ? JSON.parse(r.before) : null,
    after: r.after ? JSON.parse(r.after) : null,
  };
}

export class SqliteAuditLog implements Synchronous<AuditLog> {
  constructor(private readonly db: Db) {}

  list(filter: AuditFilter): Page<AuditEntry> {
    const clauses: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, ...values: unknown[]) => {
      clauses.push(sql);
      params.push(...values);
    };
    if (filter.layer) add('layer = ?', filter.layer);
    if (filter.recordId) add('record_id = ?', filter.recordId);
    if (filter.user) add('user_id = ?', filter.user);
    if (filter.action)
      add(
        "(action = ? OR action LIKE ? ESCAPE '\\')",
        filter.action,
        `${escapeLike(filter.action)}:%`,
      );
    if (filter.since) add('at >= ?', filter.since);
    if (filter.until) add('at < ?', filter.until);
    const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
    const total = this.db
      .prepare(`SELECT count(*) FROM versions ${where}`)
      .pluck()
      .get(...params) as number;
    const rows = this.db
      .prepare<unknown[], Row>(
        `SELECT * FROM versions ${where} ORDER BY at DESC, seq DESC LIMIT ? OFFSET ?`,
      )
      .all(...params, filter.limit, filter.offset);
    return { total, items: rows.map(fromVersionRow) };
  }
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
