/**
 * The store contract, run against PostgreSQL + PostGIS: a throwaway cluster on loopback for this
 * file, and a new database for every test, copied from a migrated template. With no PostgreSQL
 * installed the file fails, naming the install command: it never passes by skipping.
 */
import { afterAll, beforeAll } from 'vitest';
import { createPostgresStore } from '../../../server/store/postgres/postgres-store.ts';
import { PgClient } from '../../../server/store/postgres/pg-client.ts';
import { startPostgresCluster, type PostgresCluster } from '../../support/postgres-cluster.ts';
import { describeAccountStoreContract } from './contract-accounts.ts';
import { describeHistoryContract } from './contract-history.ts';
import { describeComplaintStoreContract } from './contract-complaints.ts';
import { describeGapStoreContract } from './contract-gaps.ts';
import { describeProjectStoreContract } from './contract-projects.ts';
import { describeStoreContract } from './contract.ts';

let cluster: PostgresCluster;
let admin: PgClient;
let databases = 0;

beforeAll(async () => {
  cluster = await startPostgresCluster();
  admin = new PgClient(cluster.url());
  await admin.query('CREATE DATABASE uim_template');
  // Migrated once: each test's database is a copy, made in milliseconds.
  await (await createPostgresStore(cluster.url('uim_template'))).close();
}, 120_000);

afterAll(async () => {
  await admin?.close();
  cluster?.stop();
}, 60_000);

/** A new, empty, migrated database for every test. */
async function freshStore() {
  const name = `uim_test_${++databases}`;
  await admin.query(`CREATE DATABASE ${name} TEMPLATE uim_template`);
  return createPostgresStore(cluster.url(name));
}

describeStoreContract('PostgreSQL', freshStore);
describeAccountStoreContract('PostgreSQL', freshStore);
describeHistoryContract('PostgreSQL', freshStore);
describeGapStoreContract('PostgreSQL', freshStore);
describeComplaintStoreContract('PostgreSQL', freshStore);
describeProjectStoreContract('PostgreSQL', freshStore);
