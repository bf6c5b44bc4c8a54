/** A layer's records read back from the version table: all at an instant, or one's history. */
import type { AuditLayer, RecordLayer, VersionEntry } from '../store.ts';
import type { Db } from './database.ts';
import { fromVersionRow } from './versions.ts';

/**
 * The state of each record of a layer as its last version before the instant left it, in the
 * order those versions were written. A version with no `after` removed the record: it is left out.
 */
export function statesAsOf<T>(db: Db, layer: RecordLayer, instant: string): T[] {
  // Each record's last version is found in the versions_state index alone, grouped by record:
  // one pass over the layer's versions, never a search of the history per version.
  return db
    .prepare<[RecordLayer, string], { after: string | null }>(
      `SELECT w.after FROM (
         SELECT max(seq) AS seq FROM versions WHERE layer = ? AND at < ? GROUP BY record_id) l
       CROSS JOIN versions w ON w.seq = l.seq
       ORDER BY l.seq`,
    )
    .all(layer, instant)
    .flatMap((r) => (r.after ? [JSON.parse(r.after) as T] : []));
}

/** Every version of one record, oldest first, without the audit log's layer and sequence. */
export function recordHistory<T>(db: Db, layer: AuditLayer, id: string): VersionEntry<T>[] {
  return db
    .prepare<[AuditLayer, string], Parameters<typeof fromVersionRow>[0]>(
      'SELECT * FROM versions WHERE layer = ? AND record_id = ? ORDER BY seq',
    )
    .all(layer, id)
    .map((r) => {
      const { version, action, at, user, reason, before, after } = fromVersionRow(r);
      return { version, action, at, user, reason, before, after } as VersionEntry<T>;
    });
}
