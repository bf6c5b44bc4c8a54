/** A layer's records read back from the version table: all at an instant, or one's history. */
import type { AuditLayer, RecordLayer, VersionEntry } from '../store.ts';
import type { Db } from './database.ts';
import { fromVersionRow } from './versions.ts';

/**
 * The state of each record of a layer as its last version before the instant left it, in the
 * order those versions were written. A version with no `after` removed the record: it is left out.
 */
export function statesAsOf<T>(db: Db, layer: RecordLayer, instant: string): T[] {
  return db
    .prepare<[RecordLayer, RecordLayer, string], { after: string | null }>(
      `SELECT after FROM versions v
       WHERE layer = ? AND seq = (
         SELECT max(seq) FROM versions w
         WHERE w.layer = ? AND w.record_id = v.record_id AND w.at < ?)
       ORDER BY seq`,
    )
    .all(layer, layer, instant)
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
