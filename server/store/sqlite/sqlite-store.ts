/** The SQLite store: one database file under DATA_DIR, migrated when opened. */
import { openDatabase } from './database.ts';
import { migrate } from './migrate.ts';
import { SqliteViolationRepository } from './violation-repository.ts';
import type { Store } from '../store.ts';

export function createSqliteStore(path: string): Store {
  const db = openDatabase(path);
  migrate(db);
  return {
    violations: new SqliteViolationRepository(db),
    close: () => db.close(),
  };
}
