/**
 * The PostgreSQL store's filters and counts against the JavaScript definitions, with random
 * histories and queries (counts-as-of.ts): the SQL mirror of `matchesFilter` and `addFlows` in
 * violation-where.ts and violation-counts.ts. A throwaway cluster for this file; one migrated
 * database, emptied before every run (hundreds of runs: a database copy each would be slow).
 */
import { afterAll, beforeAll, vi } from 'vitest';
import { createPostgresStore } from '../../../server/store/postgres/postgres-store.ts';
import { PgClient } from '../../../server/store/postgres/pg-client.ts';
import type { Store } from '../../../server/store/store.ts';
import { startPostgresCluster, type PostgresCluster } from '../../support/postgres-cluster.ts';
import { describeCountsAsOf } from './counts-as-of.ts';

// Each property writes a few hundred histories through one loopback round trip per statement.
vi.setConfig({ testTimeout: 600_000 });

let cluster: PostgresCluster;
let db: PgClient;

beforeAll(async () => {
  cluster = await startPostgresCluster();
  const admin = new PgClient(cluster.url());
  await admin.query('CREATE DATABASE uim_filters');
  await admin.close();
  // Migrated here, so every store opened below finds the schema in place.
  await (await createPostgresStore(cluster.url('uim_filters'))).close();
  db = new PgClient(cluster.url('uim_filters'));
}, 120_000);

afterAll(async () => {
  await db?.close();
  cluster?.stop();
}, 60_000);

/** A store on the emptied database: no record, no version, revisions back at 0. */
async function emptiedStore(): Promise<Store> {
  await db.query('TRUNCATE violations, versions RESTART IDENTITY');
  await db.query('UPDATE layer_revisions SET revision = 0');
  return createPostgresStore(cluster.url('uim_filters'));
}

describeCountsAsOf('PostgreSQL', emptiedStore);
