/**
 * The cluster worker's code: reads the positions (from the database file, on a read-only
 * connection of its own, or as sent), clusters them and sends the index back by transfer. One job
 * at a time; the thread that sent it goes on answering requests meanwhile.
 */
import Database from 'better-sqlite3';
import { parentPort } from 'node:worker_threads';
import type { ViolationFilter } from '../store/filter.ts';
import { positions } from '../store/sqlite/violation-positions.ts';
import {
  buildIndex,
  packIndex,
  toTriples,
  type IndexOptions,
  type PackedIndex,
  type PositionTriples,
} from './cluster-index.ts';

/** Where a job's positions come from: the database file and a filter, or the positions. */
export type IndexSource =
  { file: string; filter: ViolationFilter } | { positions: PositionTriples };

export interface BuildJob {
  id: number;
  source: IndexSource;
  options: IndexOptions;
}

export type BuildReply = { id: number; packed: PackedIndex } | { id: number; error: string };

/**
 * SQLite lets this connection read while the server's writes and commits; it sees the last commit
 * when the read starts, at least as new as the revision the job was asked for.
 */
function readPositions(file: string, filter: ViolationFilter): PositionTriples {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return toTriples(positions(db, filter));
  } finally {
    db.close();
  }
}

parentPort!.on('message', ({ id, source, options }: BuildJob) => {
  let reply: BuildReply;
  let transfer: ArrayBuffer[] = [];
  try {
    const triples = 'file' in source ? readPositions(source.file, source.filter) : source.positions;
    const built = packIndex(buildIndex(triples, options));
    reply = { id, packed: built.packed };
    transfer = built.transfer;
  } catch (e) {
    const where = 'file' in source ? ` (${source.file})` : '';
    reply = { id, error: `${e instanceof Error ? e.message : String(e)}${where}` };
  }
  parentPort!.postMessage(reply, transfer);
});
