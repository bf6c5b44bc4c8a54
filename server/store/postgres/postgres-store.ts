/**
 * The PostgreSQL + PostGIS store, chosen by DATABASE_URL: the same contract as the SQLite store
 * (store.ts), for a deployment that has outgrown one machine's file. Migrated when opened.
 *
 * Every call runs on node-postgres' pools (pg-client.ts), so a slow statement holds up its own
 * request only; reads have the time budgets of `options.budgets` and fail with `storeBusy` (503)
 * past them.
 */
import { complaintKind } from '../../domain/complaints/complaint-kind.ts';
import { gapKind } from '../../domain/gaps/gap-kind.ts';
import { projectKind } from '../../domain/projects/project-kind.ts';
import type { Store } from '../store.ts';
import { migratePostgres } from './migrate.ts';
import { PgAuditLog } from './audit-log.ts';
import { PgIndicatorRepository } from './indicator-repository.ts';
import { PgClient, type PgClientOptions } from './pg-client.ts';
import { PgRecordRepository } from './record-repository.ts';
import { PgSessionRepository } from './session-repository.ts';
import { PgTokenRepository } from './token-repository.ts';
import { PgUserRepository } from './user-repository.ts';
import { PgVersionHistory } from './version-history.ts';
import { PgViolationRepository } from './violation-repository.ts';

/** Read budgets (default DEFAULT_READ_BUDGETS) and connections per pool. */
export type PostgresStoreOptions = PgClientOptions;

/**
 * Connects, migrates and answers the store. Fails, naming the reason, when the database cannot
 * be reached or migrated.
 */
export async function createPostgresStore(
  url: string,
  options: PostgresStoreOptions = {},
): Promise<Store> {
  const pg = new PgClient(url, options);
  try {
    await migratePostgres(pg);
  } catch (error) {
    await pg.close();
    throw error;
  }
  return {
    violations: new PgViolationRepository(pg),
    projects: new PgRecordRepository(pg, projectKind),
    gaps: new PgRecordRepository(pg, gapKind),
    complaints: new PgRecordRepository(pg, complaintKind),
    indicators: new PgIndicatorRepository(pg),
    users: new PgUserRepository(pg),
    sessions: new PgSessionRepository(pg),
    tokens: new PgTokenRepository(pg),
    audit: new PgAuditLog(pg),
    versions: new PgVersionHistory(pg),
    close: () => pg.close(),
  };
}
