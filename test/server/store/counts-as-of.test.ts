/** The counts as of an instant, and the filters, of the SQLite store: see counts-as-of.ts. */
import { createSqliteStore } from '../../../server/store/sqlite/sqlite-store.ts';
import { describeCountsAsOf } from './counts-as-of.ts';

describeCountsAsOf('SQLite', () => createSqliteStore(':memory:'));
