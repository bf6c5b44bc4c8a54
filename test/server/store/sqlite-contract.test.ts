/** The store contract, run against SQLite: in memory, and in a database file on disk. */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, vi } from 'vitest';
import { createSqliteStore } from '../../../server/store/sqlite/sqlite-store.ts';
import { describeAccountStoreContract } from './contract-accounts.ts';
import { describeHistoryContract } from './contract-history.ts';
import { describeComplaintStoreContract } from './contract-complaints.ts';
import { describeGapStoreContract } from './contract-gaps.ts';
import { describeProjectStoreContract } from './contract-projects.ts';
import { describeStoreContract } from './contract.ts';

describeStoreContract('SQLite', () => createSqliteStore(':memory:'));
describeAccountStoreContract('SQLite', () => createSqliteStore(':memory:'));
describeHistoryContract('SQLite', () => createSqliteStore(':memory:'));
describeGapStoreContract('SQLite', () => createSqliteStore(':memory:'));
describeComplaintStoreContract('SQLite', () => createSqliteStore(':memory:'));
describeProjectStoreContract('SQLite', () => createSqliteStore(':memory:'));

describe('in a temporary file', () => {
  // Each test starts a store whose reader thread loads the repositories first: on a busy
  // machine that alone can take seconds.
  vi.setConfig({ testTimeout: 30_000 });
  let dir: string;
  let stores = 0;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'uim-contract-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  /** A new file for every test, so each starts empty. */
  const fileStore = () => {
    const file = join(dir, `store-${++stores}.sqlite`);
    // One reader: the contract is about what a read answers, not how many run at once
    // (test/server/store/read-pool.test.ts); each reader thread costs a start of its own.
    const store = createSqliteStore(file, { readers: 1 });
    if (!existsSync(file)) throw new Error(`the store did not create ${file}`);
    return store;
  };

  describeStoreContract('SQLite file', fileStore);
  describeAccountStoreContract('SQLite file', fileStore);
  describeHistoryContract('SQLite file', fileStore);
  describeGapStoreContract('SQLite file', fileStore);
  describeComplaintStoreContract('SQLite file', fileStore);
  describeProjectStoreContract('SQLite file', fileStore);
});
