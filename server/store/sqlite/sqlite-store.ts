/** The SQLite store: one database file under DATA_DIR, migrated when opened. */
import { openDatabase } from './database.ts';
import { migrate } from './migrate.ts';
import { SqliteGapRepository } from './gap-repository.ts';
import { SqliteIndicatorRepository } from './indicator-repository.ts';
import { SqliteProjectRepository } from './project-repository.ts';
import { SqliteSessionRepository } from './session-repository.ts';
import { SqliteTokenRepository } from './token-repository.ts';
import { SqliteUserRepository } from './user-repository.ts';
import { SqliteVersionHistory } from './version-history.ts';
import { SqliteAuditLog } from './versions.ts';
import { SqliteViolationRepository } from './violation-repository.ts';
import type { Store } from '../store.ts';

export function createSqliteStore(path: string): Store {
  const db = openDatabase(path);
  migrate(db);
  return {
    violations: new SqliteViolationRepository(db),
    projects: new SqliteProjectRepository(db),
    gaps: new SqliteGapRepository(db),
    indicators: new SqliteIndicatorRepository(db),
    users: new SqliteUserRepository(db),
    sessions: new SqliteSessionRepository(db),
    tokens: new SqliteTokenRepository(db),
    audit: new SqliteAuditLog(db),
    versions: new SqliteVersionHistory(db),
    close: () => db.close(),
  };
}
