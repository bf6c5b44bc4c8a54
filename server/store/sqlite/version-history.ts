/**
 * Records as they stood at an instant, read from the version table for monthly exports, a page
 * of records at a time. Each page is a read of its own: on a reader thread for a database file
 * (read-pool.ts), so a month of a million records never runs on the server's thread, and no
 * statement stays open between pages (an open iterator would hold a connection for the whole
 * export, and better-sqlite3 refuses other statements on it meanwhile).
 */
import type { RecordLayer, RecordState, RecordStateJson, VersionHistory } from '../store.ts';
import type { Db } from './database.ts';

/**
 * A page of the records with a version in [since, until), after the record id `after`, each
 * with the last version it had before `until` (whose `after` is null if that version removed
 * it). Walked along the (layer, record_id, version, at) index: its order is the page's, so
 * nothing is sorted, and the next page starts where this one ended. A version is a record's last
 * before `until` when no later one precedes `until`: one step in the same index.
 */
export const CHANGED_IN_PAGE = `
  SELECT v.record_id, v.after FROM versions v INDEXED BY versions_state
  WHERE v.layer = @layer AND v.record_id > @after AND v.at >= @since AND v.at < @until
    AND NOT EXISTS (SELECT 1 FROM versions n INDEXED BY versions_state
      WHERE n.layer = v.layer AND n.record_id = v.record_id AND n.version > v.version
        AND n.at < @until)
  ORDER BY v.layer, v.record_id, v.version
  LIMIT @limit`;

/** Records a page: a few megabytes of JSON, some tens of milliseconds of a reader. */
export const HISTORY_PAGE = 1000;

export type HistoryRow = [id: string, state: string | null];

export interface HistoryPages {
  stateJsonPage(
    layer: RecordLayer,
    since: string,
    until: string,
    after: string,
    limit: number,
  ): HistoryRow[];
  firstChange(layers: readonly RecordLayer[]): string | null;
}

export class SqliteVersionHistory implements HistoryPages {
  constructor(private readonly db: Db) {}

  stateJsonPage(
    layer: RecordLayer,
    since: string,
    until: string,
    after: string,
    limit: number,
  ): HistoryRow[] {
    return this.db
      .prepare<
        { layer: string; since: string; until: string; after: string; limit: number },
        HistoryRow
      >(CHANGED_IN_PAGE)
      .raw()
      .all({ layer, since, until, after, limit });
  }

  firstChange(layers: readonly RecordLayer[]): string | null {
    if (layers.length === 0) return null;
    return this.db
      .prepare(`SELECT min(at) FROM versions WHERE layer IN (${layers.map(() => '?').join(',')})`)
      .pluck()
      .get(...layers) as string | null;
  }
}

/**
 * The contract's streams over pages read by `readPage` (on a reader, or here for a database in
 * memory). Records come in id order; those removed by their last version are left out.
 */
export function pagedHistory(
  readPage: (...args: Parameters<HistoryPages['stateJsonPage']>) => Promise<HistoryRow[]>,
): Pick<VersionHistory, 'statesChangedIn' | 'stateJsonChangedIn'> {
  async function* stateJsonChangedIn(
    layer: RecordLayer,
    since: string,
    until: string,
  ): AsyncGenerator<RecordStateJson> {
    for (let after = ''; ;) {
      const page = await readPage(layer, since, until, after, HISTORY_PAGE);
      for (const [id, json] of page) if (json !== null) yield { id, json };
      if (page.length < HISTORY_PAGE) return;
      after = page.at(-1)![0];
    }
  }
  async function* statesChangedIn(
    layer: RecordLayer,
    since: string,
    until: string,
  ): AsyncGenerator<RecordState> {
    for await (const { id, json } of stateJsonChangedIn(layer, since, until)) {
      yield { id, state: JSON.parse(json) };
    }
  }
  return { statesChangedIn, stateJsonChangedIn };
}
