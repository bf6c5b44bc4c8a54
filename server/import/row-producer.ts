/**
 * The import's worker thread: reads the file, checks each feature as the API does and turns each
 * good one into the values of its rows, while the main thread writes the previous batch. Reading,
 * JSON, checks and text folding cost about as much as SQLite's writing: on two cores they overlap.
 */
import { createReadStream } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { loadReferenceData } from '../reference-data.ts';
import { systemClock } from '../domain/clock.ts';
import { ViolationService } from '../services/violations.ts';
import type { Store } from '../store/store.ts';
import { violationRow, type ViolationRow } from '../store/sqlite/violation-bulk.ts';
import type { ProducerJob, ProducerMessage } from './file-import.ts';
import { FeatureStreamError, featuresOf } from './feature-stream.ts';
import type { ImportRefusal } from './violation-import.ts';
import { checkFeature } from './violation-import.ts';

const port = parentPort!;
const job = workerData as ProducerJob;
const post = (message: ProducerMessage) => port.postMessage(message);

// Checking a feature reads the wards and the service area, never the records: a store used here
// would be a mistake, said at once.
const noStore = new Proxy({} as Store, {
  get(_, name) {
    throw new Error(`the import worker checks features and has no store (${String(name)})`);
  },
});

/** Batches sent and not yet written: one being written, one ready, so memory stays bounded. */
let credits = 2;
let wake: (() => void) | null = null;
port.on('message', () => {
  credits++;
  wake?.();
  wake = null;
});

async function produce(): Promise<void> {
  const reference = loadReferenceData();
  const service = new ViolationService({
    store: noStore,
    wards: reference.wards,
    clock: systemClock,
    areaName: reference.areaName,
  });
  let rows: ViolationRow[] = [];
  let refusals: ImportRefusal[] = [];
  let read = 0;
  let at = systemClock.now().toISOString();
  const send = async () => {
    if (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
    credits--;
    post({ type: 'batch', rows, refusals, read, at });
    rows = [];
    refusals = [];
    read = 0;
    at = systemClock.now().toISOString();
  };
  const chunks = createReadStream(job.file, { encoding: 'utf8', highWaterMark: 1 << 20 });
  for await (const item of featuresOf(chunks)) {
    read++;
    const checked = checkFeature(item, service, job.actor, at);
    if ('message' in checked) refusals.push(checked);
    else rows.push(violationRow(checked));
    if (rows.length >= job.batchSize) await send();
  }
  await send();
  post({ type: 'done' });
}

produce().catch((e: unknown) => {
  const error = e as Error;
  post({ type: 'failed', message: error.message, notGeoJson: e instanceof FeatureStreamError });
});
