/**
 * The PostgreSQL + PostGIS store, chosen by DATABASE_URL: the same contract as the SQLite store
 * (store.ts), for a deployment that has outgrown one machine's file. Migrated when opened.
 */
import type { Store } from '../store.ts';
import { migratePostgres } from './migrate.ts';
import { PgAuditLog } from './audit-log.ts';
import { PgGapRepository } from './gap-repository.ts';
import { PgIndicatorRepository } from './indicator-repository.ts';
import { PgProjectRepository } from './project-repository.ts';
import { PgSessionRepository } from './session-repository.ts';
import { SyncPg } from './sync-client.ts';
import { PgTokenRepository } from './token-repository.ts';
import { PgUserRepository } from './user-repository.ts';
import { PgVersionHistory } from './version-history.ts';
import { PgViolationRepository } from './violation-repository.ts';

export function createPostgresStore(url: string): Store {
  const pg = new SyncPg(url);
  try {
    migratePostgres(pg);
  } catch (error) {
    pg.close();
    throw error;
  }
  return {
    violations: new PgViolationRepository(pg),
    projects: new PgProjectRepository(pg),
    gaps: new PgGapRepository(pg),
    indicators: new PgIndicatorRepository(pg),
    users: new PgUserRepository(pg),
    sessions: new PgSessionRepository(pg),
    tokens: new PgTokenRepository(pg),
    audit: new PgAuditLog(pg),
    versions: new PgVersionHistory(pg),
    close: () => pg.close(),
  };
}
