/**
 * Records as they stood at an instant, read from the version table for monthly exports. A database
 * file is read on a read-only connection of its own: better-sqlite3 refuses every other statement
 * on a connection while an iterator is open, and an export is consumed over many event-loop turns,
 * during which the server's connection must go on answering requests.
 */
import Database from 'better-sqlite3';
import type { RecordLayer, RecordState, VersionHistory } from '../store.ts';
import type { Db } from './database.ts';

/**
 * The records with a version in the window, each with its last version before the window's end,
 * streamed in id order. The inner query reads the (layer, at, record_id) index and sorts the ids
 * (SQLite spills to a temporary file past its cache: memory does not grow with the records); its
 * ORDER BY lets SQLite answer the outer one as the rows come, instead of sorting every record's
 * JSON before the first row (a second's stall at 200,000). The `+` keeps the planner off the
 * (layer, at) index for each record's state, which would scan every earlier version per record:
 * the (layer, record_id, version) index finds it directly.
 */
export const CHANGED_IN = `
  SELECT c.record_id AS id,
    (SELECT w.after FROM versions w
     WHERE w.layer = @layer AND w.record_id = c.record_id AND +w.at < @until
     ORDER BY w.version DESC LIMIT 1) AS state
  FROM (SELECT record_id FROM versions
        WHERE layer = @layer AND at >= @since AND at < @until
        GROUP BY record_id ORDER BY record_id) c
  ORDER BY c.record_id`;

interface Row {
  id: string;
  state: string | null;
}

export class SqliteVersionHistory implements VersionHistory {
  constructor(private readonly db: Db) {}

  *statesChangedIn(layer: RecordLayer, since: string, until: string): Generator<RecordState> {
    const params = { layer, since, until };
    // An in-memory database (tests) has no second connection: read it whole, which keeps the
    // store free between the consumer's steps all the same.
    const reader = this.db.memory
      ? null
      : new Database(this.db.name, { readonly: true, fileMustExist: true });
    try {
      reader?.pragma('busy_timeout = 5000');
      const rows = reader
        ? reader.prepare<typeof params, Row>(CHANGED_IN).iterate(params)
        : this.db.prepare<typeof params, Row>(CHANGED_IN).all(params);
      for (const row of rows) {
        // A version with no `after` removed the record: it has no state to export.
        if (row.state !== null) yield { id: row.id, state: JSON.parse(row.state) };
      }
    } finally {
      reader?.close();
    }
  }

  firstChange(layers: readonly RecordLayer[]): string | null {
    if (layers.length === 0) return null;
    return this.db
      .prepare(`SELECT min(at) FROM versions WHERE layer IN (${layers.map(() => '?').join(',')})`)
      .pluck()
      .get(...layers) as string | null;
  }
}
