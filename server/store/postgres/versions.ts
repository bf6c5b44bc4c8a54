/** The version table in PostgreSQL: every change of every layer, written in the change's own transaction. */
import type { AuditContext, AuditEntry, AuditLayer, VersionEntry } from '../store.ts';
import type { Queryable } from './pg-client.ts';

/** Layers whose records feed caches (map clusters): their revision moves with every change. */
const REVISED = new Set<AuditLayer>(['violations', 'projects', 'gaps']);

export interface VersionRow {
  seq: number;
  layer: AuditLayer;
  record_id: string;
  version: number;
  action: string;
  at: string;
  user_id: string | null;
  reason: string | null;
  before: unknown;
  after: unknown;
}

/**
 * Call inside the transaction that makes the change, so neither exists without the other. The
 * states go as JSON text and are stored as jsonb.
 */
export async function writeVersion(
  pg: Queryable,
  layer: AuditLayer,
  recordId: string,
  version: number,
  action: string,
  audit: AuditContext,
  before: unknown,
  after: unknown,
): Promise<void> {
  await pg.query(
    `INSERT INTO versions (layer, record_id, version, action, at, user_id, reason, before, after)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb)`,
    [
      layer,
      recordId,
      version,
      action,
      audit.at,
      audit.user,
      audit.reason ?? null,
      before == null ? null : JSON.stringify(before),
      after == null ? null : JSON.stringify(after),
    ],
  );
  if (REVISED.has(layer)) await bumpRevision(pg, layer);
}

/** Moves a layer's revision, in the caller's transaction: seen by every process on commit. */
export async function bumpRevision(pg: Queryable, layer: AuditLayer, by = 1): Promise<void> {
  await pg.query('UPDATE layer_revisions SET revision = revision + $2 WHERE layer = $1', [
    layer,
    by,
  ]);
}

export async function layerRevision(pg: Queryable, layer: AuditLayer): Promise<string> {
  const row = await pg.one<{ revision: number }>(
    'SELECT revision FROM layer_revisions WHERE layer = $1',
    [layer],
  );
  return String(row?.revision ?? 0);
}

export function fromVersionRow(r: VersionRow): AuditEntry {
  return {
    seq: r.seq,
    layer: r.layer,
    record_id: r.record_id,
    version: r.version,
    action: r.action,
    at: r.at,
    user: r.user_id,
    reason: r.reason,
    before: r.before ?? null,
    after: r.after ?? null,
  };
}

/** Every version of one record, oldest first, without the audit log's layer and sequence. */
export async function recordHistory<T>(
  pg: Queryable,
  layer: AuditLayer,
  id: string,
): Promise<VersionEntry<T>[]> {
  const rows = await pg.query<VersionRow>(
    'SELECT * FROM versions WHERE layer = $1 AND record_id = $2 ORDER BY seq',
    [layer, id],
  );
  return rows.map((r) => {
    const { version, action, at, user, reason, before, after } = fromVersionRow(r);
    return { version, action, at, user, reason, before, after } as VersionEntry<T>;
  });
}

/**
 * The state of each record of a layer as its last version before the instant left it, in the
 * order those versions were written. A version with no `after` removed the record: it is left out.
 */
export async function statesAsOf<T>(
  pg: Queryable,
  layer: AuditLayer,
  instant: string,
): Promise<T[]> {
  const rows = await pg.query<{ after: T | null }>(
    `SELECT after FROM (
       SELECT DISTINCT ON (record_id) seq, after FROM versions
       WHERE layer = $1 AND at < $2
       ORDER BY record_id, seq DESC) last
     ORDER BY seq`,
    [layer, instant],
  );
  return rows.flatMap((r) => (r.after ? [r.after] : []));
}
