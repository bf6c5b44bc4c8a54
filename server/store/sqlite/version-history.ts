/**
 * Records as they stood at an instant, read from the version table for monthly exports. A database
 * file is read on a read-only connection of its own: better-sqlite3 refuses every other statement
 * on a connection while an iterator is open, and an export is consumed over many event-loop turns,
 * during which the server's connection must go on answering requests.
 */
import type { Synchronous } from './synchronous.ts';
import Database from 'better-sqlite3';
import type { RecordLayer, RecordState, RecordStateJson, VersionHistory } from '../store.ts';
import type { Db } from './database.ts';

/**
 * The versions written in the window, walked along the (layer, record_id, version, at) index: its
 * order is the answer's, so nothing is sorted and the first row comes at once (a sort of every
 * record's JSON, or even of the month's ids, is done whole inside the first step, and stalls the
 * server for seconds at a million records). `at` is in the index, so versions outside the window
 * are skipped without reading their row; only the window's rows are read. The caller keeps each
 * record's last one: versions of a record are written in time order, so the last version in the
 * window is the last one before its end.
 */
export const CHANGED_IN = `
  SELECT record_id AS id, after AS state FROM versions INDEXED BY versions_state
  WHERE layer = @layer AND at >= @since AND at < @until
  ORDER BY layer, record_id, version`;

type Row = [id: string, state: string | null];

export class SqliteVersionHistory implements Synchronous<VersionHistory> {
  constructor(private readonly db: Db) {}

  *statesChangedIn(layer: RecordLayer, since: string, until: string): Generator<RecordState> {
    for (const { id, json } of this.stateJsonChangedIn(layer, since, until)) {
      yield { id, state: JSON.parse(json) };
    }
  }

  *stateJsonChangedIn(
    layer: RecordLayer,
    since: string,
    until: string,
  ): Generator<RecordStateJson> {
    const params = { layer, since, until };
    // An in-memory database (tests) has no second connection: read it whole, which keeps the
    // store free between the consumer's steps all the same.
    const reader = this.db.memory
      ? null
      : new Database(this.db.name, { readonly: true, fileMustExist: true });
    try {
      reader?.pragma('busy_timeout = 5000');
      const rows = reader
        ? reader.prepare<typeof params, Row>(CHANGED_IN).raw().iterate(params)
        : this.db.prepare<typeof params, Row>(CHANGED_IN).raw().all(params);
      // A record's versions come together, oldest first: each is held until the next record's.
      let last: Row | null = null;
      for (const row of rows) {
        // A version with no `after` removed the record: it has no state to export.
        if (last !== null && last[0] !== row[0] && last[1] !== null) {
          yield { id: last[0], json: last[1] };
        }
        last = row;
      }
      if (last !== null && last[1] !== null) yield { id: last[0], json: last[1] };
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
