/**
 * A GeoJSON file imported into the SQLite database on two threads: a worker reads and checks the
 * features (row-producer.ts) while this thread writes the batch before, each batch one transaction
 * with its version rows. The same checks, refusals and report as `importViolations`.
 */
import { Worker } from 'node:worker_threads';
import type { Principal } from '../domain/access/permissions.ts';
import type { Db } from '../store/sqlite/database.ts';
import { bulkWriter, type ViolationRow } from '../store/sqlite/violation-bulk.ts';
import { FeatureStreamError } from './feature-stream.ts';
import {
  DEFAULT_BATCH_SIZE,
  type ImportOptions,
  type ImportRefusal,
  type ImportReport,
} from './violation-import.ts';

/** What the worker is asked to read. */
export interface ProducerJob {
  file: string;
  actor: Principal | null;
  batchSize: number;
}

/** What the worker says: a batch (features read since the last, in file order), the end, or why not. */
export type ProducerMessage =
  | { type: 'batch'; rows: ViolationRow[]; refusals: ImportRefusal[]; read: number; at: string }
  | { type: 'done' }
  | { type: 'failed'; message: string; notGeoJson: boolean };

/**
 * Imports the file's features into the database through `db` (a connection of the caller's,
 * on a migrated database). Refusals are told as they are met, progress after each
 * transaction; it fails with FeatureStreamError when the file is not a FeatureCollection.
 */
export function importFile(
  file: string,
  db: Db,
  options: ImportOptions = {},
): Promise<ImportReport> {
  const actor = options.actor ?? null;
  const job: ProducerJob = {
    file,
    // Only what a record keeps of its author crosses to the worker.
    actor: actor && { id: actor.id, roles: [...actor.roles] },
    batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE,
  };
  const report: ImportReport = { read: 0, imported: 0, existing: 0, refused: 0 };
  const writer = bulkWriter(db);
  const worker = new Worker(new URL('./import-worker.mjs', import.meta.url), { workerData: job });

  return new Promise<ImportReport>((resolve, reject) => {
    let settled = false;
    const settle = (error: Error | null) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      if (error) reject(error);
      else resolve(report);
    };
    worker.on('message', (message: ProducerMessage) => {
      if (settled) return;
      if (message.type === 'done') return settle(null);
      if (message.type === 'failed') {
        const error = message.notGeoJson
          ? new FeatureStreamError(message.message)
          : new Error(`the import stopped: ${message.message}`);
        return settle(error);
      }
      report.read += message.read;
      for (const refusal of message.refusals) {
        report.refused++;
        options.onRefused?.(refusal);
      }
      try {
        const written = writer.write(message.rows, 'import', {
          user: actor?.id ?? null,
          at: message.at,
        });
        for (const ok of written) {
          if (ok) report.imported++;
          else report.existing++;
        }
      } catch (e) {
        return settle(e as Error);
      }
      // Written: the worker may send one more while it prepares the next.
      worker.postMessage('written');
      options.onProgress?.({ ...report });
    });
    worker.on('error', (e) => settle(e));
    worker.on('exit', (code) => settle(new Error(`the import worker stopped (exit code ${code})`)));
  });
}
